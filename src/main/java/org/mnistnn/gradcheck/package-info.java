/**
 * The gradient check of docs/backprop.md §11: {@link org.mnistnn.gradcheck.DoubleLayers} repeats
 * each equation of {@link org.mnistnn.learn.Layers} in double precision, {@link
 * org.mnistnn.gradcheck.ReferenceNet} chains them, and {@link org.mnistnn.gradcheck.GradientCheck}
 * compares its gradients with centred finite differences, then the float32 reference network with
 * it.
 */
package org.mnistnn.gradcheck;
