package org.mnistnn.learn;

/**
 * What one forward pass computed for a batch of {@code n} images, named as in docs/backprop.md §0.
 *
 * @param x the input (N × D), pixels in [0, 1]
 * @param n the batch size N
 * @param z1 first-layer pre-activations, {@code x · W1 + b1} (N × H)
 * @param h1 hidden activations, {@code relu(z1)} (N × H)
 * @param z2 the logits, {@code h1 · W2 + b2} (N × C)
 * @param probs {@code softmax(z2)} (N × C)
 */
public record Forward(float[] x, int n, float[] z1, float[] h1, float[] z2, float[] probs) {}
