/**
 * The network, named after the math of docs/backprop.md: the small functions of {@link
 * org.mnistnn.network.Layers} (affine, ReLU, softmax, cross-entropy and their gradients) and the
 * two-layer net that chains them. Readable first: the arithmetic is delegated to {@code kernels}.
 *
 * <p>Beside them, the oracle: {@link org.mnistnn.network.DoubleLayers} repeats each function of
 * {@code Layers} in double precision, {@link org.mnistnn.network.ReferenceNet} chains them, and
 * {@link org.mnistnn.network.GradientCheck} compares its gradients with finite differences and with
 * the float32 network (docs/backprop.md §11).
 */
package org.mnistnn.network;
