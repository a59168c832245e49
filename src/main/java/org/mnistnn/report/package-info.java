/** The run folder and what a finished run writes into it: model, metrics, plots and report.html. */
package org.mnistnn.report;
