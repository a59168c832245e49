package org.mnistnn.network;

import java.util.Random;
import org.mnistnn.kernels.SparseRows;

/**
 * The two-layer network: {@code D → H (ReLU) → C (softmax)}, for MNIST 784 → 100 → 10.
 *
 * <pre>
 * z1 = x · W1 + b1      (N × H)
 * h1 = relu(z1)         (N × H)
 * z2 = h1 · W2 + b2     (N × C)     the logits: no ReLU here (the notebook had one)
 * probs = softmax(z2)   (N × C)
 * </pre>
 *
 * The input's non-zero pixels are listed once per batch (MNIST is about 80% zeros) and both
 * first-layer products, {@code x · W1} and {@code xᵀ · dz1}, run over that list.
 *
 * <p>The parameters are public arrays named as in docs/backprop.md and in the saved {@code
 * model.npz}; shapes are in each field's Javadoc.
 */
public final class TwoLayerNet {
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
    this.W1 = new float[inputs * hidden];
    this.b1 = new float[hidden];
    this.W2 = new float[hidden * classes];
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

  /** The parameter arrays in a fixed order: W1, b1, W2, b2. */
  public float[][] parameters() {
    return new float[][] {W1, b1, W2, b2};
  }

  /** The parameter names in the order of {@link #parameters()}. */
  public static final String[] PARAMETER_NAMES = {"W1", "b1", "W2", "b2"};

  /** A deep copy. */
  public TwoLayerNet copy() {
    TwoLayerNet c = new TwoLayerNet(inputs, hidden, classes);
    System.arraycopy(W1, 0, c.W1, 0, W1.length);
    System.arraycopy(b1, 0, c.b1, 0, b1.length);
    System.arraycopy(W2, 0, c.W2, 0, W2.length);
    System.arraycopy(b2, 0, c.b2, 0, b2.length);
    return c;
  }

  /**
   * The forward pass (docs/backprop.md §1–3) for a batch of {@code n} rows of {@code x} (N × D),
   * filling {@code a}'s z1, h1, z2 and probs.
   */
  public void forward(float[] x, int n, Activations a) {
    a.ensure(n);
    Layers.listNonZeros(x, n, inputs, a.xNonZeros);
    forward(a.xNonZeros, a);
    a.xListed = x;
  }

  /**
   * The forward pass for a batch given by its non-zero pixels (N × D, for instance listed straight
   * from bytes by {@link SparseRows#listBytes}), filling {@code a}'s z1, h1, z2 and probs.
   */
  public void forward(SparseRows x, Activations a) {
    if (x.cols() != inputs) {
      throw new IllegalArgumentException(
          "the input has " + x.cols() + " columns but the network expects " + inputs);
    }
    a.ensure(x.rows());
    Layers.affineForward(x, W1, b1, a.z1, hidden);
    forwardAfterFirstLayer(x.rows(), a);
  }

  /**
   * The forward pass of a batch of {@code n} rows from z1 on: when {@code a.z1} already holds
   * {@code x·W1 + b1}, fills h1, z2 and probs.
   */
  public void forwardAfterFirstLayer(int n, Activations a) {
    a.ensure(n);
    a.xListed = null;
    Layers.relu(a.z1, a.h1, n * hidden);
    Layers.affineForward(a.h1, W2, b2, a.z2, n, hidden, classes);
    Layers.softmax(a.z2, a.probs, n, classes);
  }

  /**
   * The backward pass (docs/backprop.md §10, built from §5–7) after {@link #forward} on the same
   * batch: fills {@code g} with the gradients of the mean cross-entropy (without the L2 term, which
   * the update adds).
   *
   * <pre>
   * dz2 = (probs − onehot(y)) / N      (N × C)
   * dW2 = h1ᵀ · dz2                    (H × C)
   * db2 = Σ_rows dz2                   (1 × C)
   * dh1 = dz2 · W2ᵀ                    (N × H)
   * dz1 = dh1 ⊙ 1[z1 > 0]              (N × H)
   * dW1 = xᵀ · dz1                     (D × H)
   * db1 = Σ_rows dz1                   (1 × H)
   * </pre>
   */
  public void backward(float[] x, int[] y, int n, Activations a, Gradients g) {
    if (a.xListed != x || a.xNonZeros.rows() != n) {
      Layers.listNonZeros(x, n, inputs, a.xNonZeros); // not the batch forward listed
      a.xListed = x;
    }
    backward(a.xNonZeros, y, a, g);
  }

  /**
   * {@link #backward(float[], int[], int, Activations, Gradients)} for a batch given by its
   * non-zero pixels, after {@link #forward(SparseRows, Activations)} on the same batch.
   */
  public void backward(SparseRows x, int[] y, Activations a, Gradients g) {
    backwardToDz1(x, y, a, g);
    Layers.affineWeightGradient(a.dz1, x, g.dW1, hidden);
  }

  /**
   * The backward pass without its last product {@code dW1 = xᵀ · dz1}: fills {@code a.dz1} and
   * {@code g}'s dW2, db2 and db1, and leaves {@code g.dW1} as it was. Plain SGD then folds dW1 into
   * the update of W1 ({@link Layers#sgdStepWithWeightGradient}), so dW1 is never stored.
   *
   * <pre>
   * dz2 = (probs − onehot(y)) / N      (N × C)
   * dW2 = h1ᵀ · dz2                    (H × C)
   * db2 = Σ_rows dz2                   (1 × C)
   * dh1 = dz2 · W2ᵀ                    (N × H)
   * dz1 = dh1 ⊙ 1[z1 > 0]              (N × H)
   * db1 = Σ_rows dz1                   (1 × H)
   * </pre>
   */
  public void backwardToDz1(SparseRows x, int[] y, Activations a, Gradients g) {
    int n = x.rows();
    Layers.softmaxCrossEntropyBackward(a.probs, y, a.dz2, n, classes);
    Layers.affineBackward(a.dz2, a.h1, W2, g.dW2, g.db2, a.dh1, n, hidden, classes);
    Layers.reluBackward(a.dh1, a.z1, a.dz1, n * hidden);
    Layers.affineBiasGradient(a.dz1, g.db1, n, hidden);
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

  /** Number of trainable parameters. */
  public long parameterCount() {
    return (long) W1.length + b1.length + W2.length + b2.length;
  }
}
