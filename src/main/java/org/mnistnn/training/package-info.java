/** Training: minibatch SGD over the network, with progress reporting and the metrics log. */
package org.mnistnn.training;
