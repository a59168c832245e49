/**
 * The network, named after the math of docs/backprop.md: the small functions of {@link
 * org.mnistnn.network.Layers} (affine, ReLU, softmax, cross-entropy and their gradients) and the
 * two-layer net that chains them. Readable first: the arithmetic is delegated to {@code kernels}.
 */
package org.mnistnn.network;
