package org.mnistnn.gradcheck;

import org.mnistnn.learn.TwoLayerNet;

/**
 * The two-layer network of {@link TwoLayerNet} in double precision, built from {@link
 * DoubleLayers}: the oracle for the gradient check. It computes the whole loss, L2 term included,
 * so that finite differences of {@link #loss} can be compared with {@link #backward}.
 *
 * <pre>
 * z1 = x · W1 + b1,  h1 = relu(z1),  z2 = h1 · W2 + b2,  probs = softmax(z2)
 * L  = −(1/N) Σ_i log probs[i, y_i] + ½·reg·Σ θ²
 * </pre>
 */
public final class ReferenceNet {
  /** Input size D. */
  public final int inputs;

  /** Hidden units H. */
  public final int hidden;

  /** Classes C. */
  public final int classes;

  /** (D × H). */
  public final double[] W1;

  /** (1 × H). */
  public final double[] b1;

  /** (H × C). */
  public final double[] W2;

  /** (1 × C). */
  public final double[] b2;

  /**
   * The L2 term of the loss: {@code ½·reg·Σθ²} over the weights, and over the biases when {@code
   * biases} is true (the notebook's choice and our default).
   */
  public record L2(double reg, boolean biases) {
    /** No penalty. */
    public static final L2 NONE = new L2(0, false);

    /** The penalty strength applied to parameter {@code p} (0 = W1, 1 = b1, 2 = W2, 3 = b2). */
    public double regFor(int p) {
      boolean isBias = p == 1 || p == 3;
      return isBias && !biases ? 0 : reg;
    }
  }

  /** The activations of one forward pass, named as in docs/backprop.md. */
  public record Pass(double[] z1, double[] h1, double[] z2, double[] probs) {}

  /** A double-precision copy of {@code net}'s parameters. */
  public ReferenceNet(TwoLayerNet net) {
    this.inputs = net.inputs;
    this.hidden = net.hidden;
    this.classes = net.classes;
    this.W1 = toDouble(net.W1);
    this.b1 = toDouble(net.b1);
    this.W2 = toDouble(net.W2);
    this.b2 = toDouble(net.b2);
  }

  /** The parameter arrays in the order of {@link TwoLayerNet#PARAMETER_NAMES}: W1, b1, W2, b2. */
  public double[][] parameters() {
    return new double[][] {W1, b1, W2, b2};
  }

  /** The forward pass for {@code n} rows of {@code x} (N × D). */
  public Pass forward(double[] x, int n) {
    double[] z1 = new double[n * hidden];
    double[] h1 = new double[n * hidden];
    double[] z2 = new double[n * classes];
    double[] probs = new double[n * classes];
    DoubleLayers.affineForward(x, W1, b1, z1, n, inputs, hidden);
    DoubleLayers.relu(z1, h1, n * hidden);
    DoubleLayers.affineForward(h1, W2, b2, z2, n, hidden, classes);
    DoubleLayers.softmax(z2, probs, n, classes);
    return new Pass(z1, h1, z2, probs);
  }

  /** The full loss: mean cross-entropy plus the L2 term. */
  public double loss(double[] x, int[] y, int n, L2 l2) {
    double loss = DoubleLayers.crossEntropy(forward(x, n).probs(), y, n, classes);
    double[][] params = parameters();
    for (int p = 0; p < params.length; p++) {
      loss += DoubleLayers.l2Penalty(params[p], l2.regFor(p));
    }
    return loss;
  }

  /**
   * The gradients of {@link #loss} by backpropagation (docs/backprop.md §10), in the order W1, b1,
   * W2, b2.
   *
   * <pre>
   * dz2 = (probs − onehot(y)) / N,   dW2 = h1ᵀ · dz2,  db2 = Σ_rows dz2,  dh1 = dz2 · W2ᵀ
   * dz1 = dh1 ⊙ 1[z1 > 0],           dW1 = xᵀ · dz1,   db1 = Σ_rows dz1
   * dθ += reg · θ
   * </pre>
   */
  public double[][] backward(double[] x, int[] y, int n, L2 l2) {
    Pass a = forward(x, n);
    double[] dz2 = new double[n * classes];
    double[] dh1 = new double[n * hidden];
    double[] dz1 = new double[n * hidden];
    double[][] g = zerosLikeParameters();
    DoubleLayers.softmaxCrossEntropyBackward(a.probs(), y, dz2, n, classes);
    DoubleLayers.affineBackward(dz2, a.h1(), W2, g[2], g[3], dh1, n, hidden, classes);
    DoubleLayers.reluBackward(dh1, a.z1(), dz1, n * hidden);
    DoubleLayers.affineBackward(dz1, x, W1, g[0], g[1], null, n, inputs, hidden);
    addL2(g, l2);
    return g;
  }

  /** Adds the L2 term's gradient {@code reg·θ} to each parameter's gradient. */
  public void addL2(double[][] g, L2 l2) {
    double[][] params = parameters();
    for (int p = 0; p < params.length; p++) {
      DoubleLayers.l2Backward(params[p], l2.regFor(p), g[p]);
    }
  }

  /** Arrays of zeros shaped like W1, b1, W2, b2. */
  public double[][] zerosLikeParameters() {
    return new double[][] {
      new double[W1.length], new double[b1.length], new double[W2.length], new double[b2.length]
    };
  }

  /** A float array widened to double. */
  public static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
