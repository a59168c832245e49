package org.mnistnn.network;

/** Gradients of the loss with respect to each parameter, shaped like the parameters. */
public final class Gradients {
  /** dL/dW1, (D × H). */
  public final float[] dW1;

  /** dL/db1, (1 × H). */
  public final float[] db1;

  /** dL/dW2, (H × C). */
  public final float[] dW2;

  /** dL/db2, (1 × C). */
  public final float[] db2;

  public Gradients(TwoLayerNet net) {
    dW1 = new float[net.W1.length];
    db1 = new float[net.b1.length];
    dW2 = new float[net.W2.length];
    db2 = new float[net.b2.length];
  }

  /** The arrays in the order of {@link TwoLayerNet#parameters()}. */
  public float[][] arrays() {
    return new float[][] {dW1, db1, dW2, db2};
  }
}
