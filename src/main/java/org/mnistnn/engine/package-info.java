/**
 * The fast engine: the same network as {@code org.mnistnn.learn}, computed for speed. Training
 * reaches it through {@link org.mnistnn.learn.Step} ({@link org.mnistnn.engine.FastStep}) and
 * inference through {@link org.mnistnn.engine.FastForward}; nothing else of it is public API.
 *
 * <p>What makes it fast, each idea in one place: the input's non-zero pixels are listed once per
 * image (MNIST is about 80% zeros) and both first-layer products run over that list ({@link
 * org.mnistnn.engine.SparseBatch}); the weights are kept with the hidden layer padded to a whole
 * number of vectors and W2 transposed, so every inner loop is a contiguous row ({@link
 * org.mnistnn.engine.EngineWeights}); the arithmetic is a few small kernels ({@link
 * org.mnistnn.engine.Kernels}) with a scalar implementation that is their specification and a
 * Vector API one generic over the vector width ({@link org.mnistnn.engine.VectorKernels}), chosen
 * at start-up ({@link org.mnistnn.engine.KernelChoice}). This is the only package that imports
 * {@code jdk.incubator.vector}. It may use the reference package; the reference never uses it.
 */
package org.mnistnn.engine;
