package org.mnistnn.learn;

import java.util.Random;

/**
 * The two-layer network {@code D → H (ReLU) → C (softmax)}, for MNIST 784 → 100 → 10, and its
 * forward and backward passes (docs/backprop.md §0 and §10).
 *
 * <pre>
 * z1 = x · W1 + b1      (N × H)
 * h1 = relu(z1)         (N × H)
 * z2 = h1 · W2 + b2     (N × C)     the logits: no ReLU here (the notebook had one, §12)
 * probs = softmax(z2)   (N × C)
 * loss = −(1/N) Σ_i log probs[i, y_i] + ½·reg·Σθ²
 * </pre>
 *
 * The parameters are public arrays named as in docs/backprop.md and in the saved {@code model.npz};
 * shapes are in each field's Javadoc.
 */
public final class TwoLayerNet {
  /** The parameter names in the order of {@link #parameters()}. */
  public static final String[] PARAMETER_NAMES = {"W1", "b1", "W2", "b2"};

  /** Input size D (784 for MNIST). */
  public final int inputs;

  /** Hidden units H. */
  public final int hidden;

  /** Classes C (10). */
  public final int classes;

  /** First-layer weights, (D × H) row-major. */
  public final float[] W1;

  /** First-layer bias, (1 × H). */
  public final float[] b1;

  /** Second-layer weights, (H × C) row-major. */
  public final float[] W2;

  /** Second-layer bias, (1 × C). */
  public final float[] b2;

  /** A network of zeros with the given sizes. */
  public TwoLayerNet(int inputs, int hidden, int classes) {
    if (inputs <= 0 || hidden <= 0 || classes <= 1) {
      throw new IllegalArgumentException(
          "bad network sizes " + inputs + "-" + hidden + "-" + classes);
    }
    this.inputs = inputs;
    this.hidden = hidden;
    this.classes = classes;
    this.W1 = new float[Math.multiplyExact(inputs, hidden)];
    this.b1 = new float[hidden];
    this.W2 = new float[Math.multiplyExact(hidden, classes)];
    this.b2 = new float[classes];
  }

  /**
   * The notebook's initialisation: {@code W ~ N(0, 1) / sqrt(fan_out)}, biases zero. Draws W1 then
   * W2 from {@code rng}, row by row, so a seed fixes the network.
   */
  public static TwoLayerNet initialised(int inputs, int hidden, int classes, Random rng) {
    TwoLayerNet net = new TwoLayerNet(inputs, hidden, classes);
    fillGaussian(net.W1, 1.0 / Math.sqrt(hidden), rng);
    fillGaussian(net.W2, 1.0 / Math.sqrt(classes), rng);
    return net;
  }

  /** Fills {@code a} with independent N(0, scale²) draws. */
  public static void fillGaussian(float[] a, double scale, Random rng) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (rng.nextGaussian() * scale);
    }
  }

  /** The parameter arrays in a fixed order: W1, b1, W2, b2 (live, not copies). */
  public float[][] parameters() {
    return new float[][] {W1, b1, W2, b2};
  }

  /** A deep copy. */
  public TwoLayerNet copy() {
    TwoLayerNet c = new TwoLayerNet(inputs, hidden, classes);
    c.copyFrom(this);
    return c;
  }

  /** Overwrites this network's parameters with {@code other}'s (same sizes). */
  public void copyFrom(TwoLayerNet other) {
    if (other.inputs != inputs || other.hidden != hidden || other.classes != classes) {
      throw new IllegalArgumentException("cannot copy a network of another size");
    }
    System.arraycopy(other.W1, 0, W1, 0, W1.length);
    System.arraycopy(other.b1, 0, b1, 0, b1.length);
    System.arraycopy(other.W2, 0, W2, 0, W2.length);
    System.arraycopy(other.b2, 0, b2, 0, b2.length);
  }

  /** Number of trainable parameters. */
  public long parameterCount() {
    return (long) W1.length + b1.length + W2.length + b2.length;
  }

  /** The forward pass (§1–§3) for a batch of {@code n} rows of {@code x} (N × D). */
  public Forward forward(float[] x, int n) {
    float[] z1 = new float[n * hidden];
    float[] h1 = new float[n * hidden];
    float[] z2 = new float[n * classes];
    float[] probs = new float[n * classes];
    Layers.affineForward(x, W1, b1, z1, n, inputs, hidden);
    Layers.relu(z1, h1, n * hidden);
    Layers.affineForward(h1, W2, b2, z2, n, hidden, classes);
    Layers.softmax(z2, probs, n, classes);
    return new Forward(x, n, z1, h1, z2, probs);
  }

  /** The loss (§4 and §8) of a forward pass with labels {@code y}. */
  public double loss(Forward f, int[] y, L2 l2) {
    return Layers.crossEntropy(f.probs(), y, f.n(), classes) + l2.penalty(this);
  }

  /**
   * The backward pass (§10): the gradients of the mean cross-entropy of the forward pass {@code f}
   * with labels {@code y}, each from the one before.
   *
   * <pre>
   * dz2 = (probs − onehot(y)) / N      (N × C)    §5
   * dW2 = h1ᵀ · dz2                    (H × C)    §7
   * db2 = Σ_rows dz2                   (1 × C)    §7
   * dh1 = dz2 · W2ᵀ                    (N × H)    §7
   * dz1 = dh1 ⊙ 1[z1 > 0]              (N × H)    §6
   * dW1 = xᵀ · dz1                     (D × H)    §7
   * db1 = Σ_rows dz1                   (1 × H)    §7
   * </pre>
   */
  public Gradients backward(Forward f, int[] y) {
    int n = f.n();
    float[] dz2 = new float[n * classes];
    float[] dW2 = new float[W2.length];
    float[] db2 = new float[classes];
    float[] dh1 = new float[n * hidden];
    float[] dz1 = new float[n * hidden];
    float[] dW1 = new float[W1.length];
    float[] db1 = new float[hidden];
    Layers.softmaxCrossEntropyBackward(f.probs(), y, dz2, n, classes);
    Layers.affineBackward(dz2, f.h1(), W2, dW2, db2, dh1, n, hidden, classes);
    Layers.reluBackward(dh1, f.z1(), dz1, n * hidden);
    Layers.affineBackward(dz1, f.x(), W1, dW1, db1, null, n, inputs, hidden);
    return new Gradients(dz2, dW2, db2, dh1, dz1, dW1, db1);
  }

  /** The index of the largest probability in row {@code i} of {@code probs} (N × C). */
  public static int argmax(float[] probs, int i, int c) {
    int best = 0;
    for (int j = 1; j < c; j++) {
      if (probs[i * c + j] > probs[i * c + best]) {
        best = j;
      }
    }
    return best;
  }
}
