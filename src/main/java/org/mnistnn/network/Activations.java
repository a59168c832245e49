package org.mnistnn.network;

import org.mnistnn.kernels.SparseRows;

/**
 * Work arrays of one forward and backward pass, sized for up to {@code capacity} rows, reused from
 * step to step so training does not allocate. Names follow docs/backprop.md.
 */
public final class Activations {
  private final int hidden;
  private final int classes;
  private int capacity;

  /** The non-zero entries of the input x (N × D), listed by the forward pass for both products. */
  public final SparseRows xNonZeros = new SparseRows();

  /** The input array {@link #xNonZeros} was listed from. */
  float[] xListed;

  /** Pre-activation of the hidden layer, (N × H). */
  public float[] z1;

  /** Hidden activations relu(z1), (N × H). */
  public float[] h1;

  /** Logits, (N × C). */
  public float[] z2;

  /** Softmax probabilities, (N × C). */
  public float[] probs;

  /** Gradient of the loss at z2, (N × C). */
  public float[] dz2;

  /** Gradient at h1, (N × H). */
  public float[] dh1;

  /** Gradient at z1, (N × H). */
  public float[] dz1;

  public Activations(TwoLayerNet net, int capacity) {
    this.hidden = net.hidden;
    this.classes = net.classes;
    allocate(Math.max(1, capacity));
  }

  /** Grows the arrays if a batch of {@code n} rows does not fit. */
  public void ensure(int n) {
    if (n > capacity) {
      allocate(n);
    }
  }

  public int capacity() {
    return capacity;
  }

  private void allocate(int n) {
    capacity = n;
    z1 = new float[n * hidden];
    h1 = new float[n * hidden];
    z2 = new float[n * classes];
    probs = new float[n * classes];
    dz2 = new float[n * classes];
    dh1 = new float[n * hidden];
    dz1 = new float[n * hidden];
  }
}
