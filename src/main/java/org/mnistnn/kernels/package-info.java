/**
 * Kernels: the matrix products and element-wise loops of a training step, on flat row-major {@code
 * float[]}. A plain-loop reference sits beside every fast kernel and tests compare the two. This is
 * the only package that may import {@code jdk.incubator.vector}. {@link
 * org.mnistnn.kernels.SparseRows} holds the non-zeros of the input batch, listed once and used by
 * both first-layer products. Depends on nothing else in the project.
 */
package org.mnistnn.kernels;
