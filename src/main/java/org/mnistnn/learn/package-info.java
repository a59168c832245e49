/**
 * The lesson: the two-layer network as plain loops over dense {@code float[]} arrays, one small
 * method per equation of docs/backprop.md, each method's Javadoc giving its equation, its shapes
 * and its section (§). This is the code a learner reads, and it trains: {@code ./mnist-nn train
 * --engine reference} runs it, {@code ./mnist-nn gradcheck} checks it.
 *
 * <p>It is simple on purpose and not optimised. The fast engine ({@code org.mnistnn.engine})
 * computes the same functions and is tested against this package; this package never depends on the
 * engine.
 *
 * <p>Reading order: {@link org.mnistnn.learn.Layers} (the equations, each forward beside its
 * backward), {@link org.mnistnn.learn.TwoLayerNet} (the forward and backward passes that chain
 * them), {@link org.mnistnn.learn.Sgd} (the update), {@link org.mnistnn.learn.Training} (the loop:
 * epochs, shuffle, batches, step, evaluate).
 */
package org.mnistnn.learn;
