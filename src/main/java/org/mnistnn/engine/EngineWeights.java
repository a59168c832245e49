package org.mnistnn.engine;

import org.mnistnn.learn.TwoLayerNet;

/**
 * The network's parameters in the engine's layout: the hidden layer padded from H to {@code hp}, a
 * whole number of vectors, so that every row is whole vectors with no scalar tail, and W2 stored
 * transposed (C × hp), so that both of its products walk contiguous rows. The padded units have
 * zero weights and bias; they stay zero, since their pre-activation is 0 and ReLU passes them no
 * gradient.
 */
final class EngineWeights {
  final int inputs;
  final int hidden;
  final int classes;

  /** H rounded up to a multiple of the vector length. */
  final int hp;

  /**
   * (D × hp), from index {@link #w1o}: the rows start on the vector size in memory where the JVM
   * lets the engine know where that is ({@link Alignment}).
   */
  final float[] W1;

  /**
   * Where W1's first row starts in its array; W2t's rows and the engine's arrays of one row per
   * image (z1, h1, dh1, dz1) start there too, for the same reason. The floats before are zeros.
   */
  final int w1o;

  /** (1 × hp). */
  final float[] b1;

  /** W2 transposed, (C × hp). */
  final float[] W2t;

  /** (1 × C). */
  final float[] b2;

  EngineWeights(int inputs, int hidden, int classes, int lanes) {
    this(inputs, hidden, classes, lanes, Alignment.floatsToAlign(4 * lanes));
  }

  /** The layout with the rows starting at {@code offset} (for tests of other alignments). */
  EngineWeights(int inputs, int hidden, int classes, int lanes, int offset) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.classes = classes;
    this.hp = (hidden + lanes - 1) / lanes * lanes;
    this.w1o = offset;
    this.W1 = new float[w1o + inputs * hp];
    this.b1 = new float[hp];
    this.W2t = new float[w1o + classes * hp];
    this.b2 = new float[classes];
  }

  /** {@code net}'s parameters in this layout. */
  static EngineWeights of(TwoLayerNet net, int lanes) {
    return of(net, lanes, Alignment.floatsToAlign(4 * lanes));
  }

  /** {@code net}'s parameters in this layout, the rows starting at {@code offset}. */
  static EngineWeights of(TwoLayerNet net, int lanes, int offset) {
    EngineWeights w = new EngineWeights(net.inputs, net.hidden, net.classes, lanes, offset);
    w.readParameters(net.W1, net.b1, net.W2, net.b2);
    return w;
  }

  /** Sets these arrays from arrays in the network's layout (W1 D × H, b1, W2 H × C, b2). */
  void readParameters(float[] w1, float[] bias1, float[] w2, float[] bias2) {
    for (int k = 0; k < inputs; k++) {
      System.arraycopy(w1, k * hidden, W1, w1o + k * hp, hidden);
    }
    System.arraycopy(bias1, 0, b1, 0, hidden);
    for (int j = 0; j < hidden; j++) {
      for (int c = 0; c < classes; c++) {
        W2t[w1o + c * hp + j] = w2[j * classes + c];
      }
    }
    System.arraycopy(bias2, 0, b2, 0, classes);
  }

  /** Writes these arrays into arrays in the network's layout. */
  void writeParameters(float[] w1, float[] bias1, float[] w2, float[] bias2) {
    for (int k = 0; k < inputs; k++) {
      System.arraycopy(W1, w1o + k * hp, w1, k * hidden, hidden);
    }
    System.arraycopy(b1, 0, bias1, 0, hidden);
    for (int j = 0; j < hidden; j++) {
      for (int c = 0; c < classes; c++) {
        w2[j * classes + c] = W2t[w1o + c * hp + j];
      }
    }
    System.arraycopy(b2, 0, bias2, 0, classes);
  }

  /**
   * Where the values of array {@code p} of {@link #arrays} start (W1 and W2t after their leading
   * zeros), so that a pass over them is whole vectors from an aligned start, with no scalar tail.
   */
  int start(int p) {
    return p == 0 || p == 2 ? w1o : 0;
  }

  /** The arrays in the order W1, b1, W2t, b2. */
  float[][] arrays() {
    return new float[][] {W1, b1, W2t, b2};
  }
}
