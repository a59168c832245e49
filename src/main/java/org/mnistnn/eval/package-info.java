/** Evaluation: accuracy, predictions and the confusion matrix of a trained network. */
package org.mnistnn.eval;
