/**
 * Training: minibatch SGD over the network, with progress reporting and the metrics log, and
 * checkpoints ({@link org.mnistnn.training.Checkpoint}) from which an interrupted run continues
 * exactly where it stopped.
 */
package org.mnistnn.training;
