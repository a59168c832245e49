/** Plots: the loss curve (XChart) and pictures of digits with their predictions. */
package org.mnistnn.plots;
