package org.mnistnn.engine;

import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The forward pass on the engine's layout, for training ({@link FastStep}) and for inference over
 * many images ({@link #probabilities}).
 *
 * <pre>
 * z1[i, :] = b1 + Σ_{k: x[i,k] ≠ 0} x[i, k] · W1[k, :]     the rows of W1 of the inked pixels
 * h1 = relu(z1)
 * z2[i, c] = b2[c] + h1[i, :] · W2t[c, :]
 * probs = softmax(z2)
 * </pre>
 */
public final class FastForward {
  private final EngineWeights w;
  private final Kernels k;
  private final SparseBatch batch = new SparseBatch();
  // the coefficients of a data set's pixel bytes for W1's scale coefScale (see coefficients)
  private final float[] coefOf = new float[256];
  private float coefScale = Float.NaN;
  // work arrays for up to `capacity` rows; the rows of z1 and h1 start at w.w1o
  private int capacity;
  float[] z1 = new float[0];
  float[] h1 = new float[0];
  float[] z2 = new float[0];
  float[] probs = new float[0];

  // whether a large batch's first layer is cut in two across the cores (not in the evaluation,
  // which already runs one pass a core)
  private final boolean split;

  FastForward(EngineWeights w, Kernels k) {
    this(w, k, false);
  }

  FastForward(EngineWeights w, Kernels k, boolean split) {
    this.w = w;
    this.k = k;
    this.split = split;
  }

  /**
   * A forward pass for the weights of {@code net} as they are now (a copy: later changes to net are
   * not seen).
   */
  public static FastForward of(TwoLayerNet net) {
    return new FastForward(EngineWeights.of(net, KernelChoice.lanes()), KernelChoice.kernels());
  }

  /**
   * The probabilities (n × C) of the {@code n} images of {@code x} (n × D) into {@code out} from
   * offset {@code outOffset}.
   */
  public void probabilities(float[] x, int n, float[] out, int outOffset) {
    batch.list(x, n, w.inputs);
    run(batch);
    System.arraycopy(probs, 0, out, outOffset, n * w.classes);
  }

  /**
   * The probabilities (n × C) of images {@code from .. from+n} of {@code data} into {@code out}
   * from offset {@code outOffset}, and their labels into {@code y}: {@link #probabilities(float[],
   * int, float[], int)} on those images, read from the data set's list of non-zero pixels.
   */
  public void probabilities(
      MnistDataset data, int from, int n, float[] out, int outOffset, int[] y) {
    batch.list(data, null, from, n, y);
    run(batch);
    System.arraycopy(probs, 0, out, outOffset, n * w.classes);
  }

  /**
   * The logits z2 (n × C) of images {@code from .. from+n} of {@code data} into {@code out} from
   * offset {@code outOffset}, and their labels into {@code y}, without the softmax: enough to
   * classify, since softmax keeps the order of the logits, and finite logits give finite
   * probabilities.
   */
  public void logits(MnistDataset data, int from, int n, float[] out, int outOffset, int[] y) {
    batch.list(data, null, from, n, y);
    run(batch, 1f, false);
    System.arraycopy(z2, 0, out, outOffset, n * w.classes);
  }

  /** Fills z1, h1, z2 and probs for the listed batch. */
  void run(SparseBatch x) {
    run(x, 1f);
  }

  /**
   * Fills z1, h1, z2 and probs for the listed batch when the first layer's weights are {@code
   * scale} times {@code w.W1} (see {@link FastStep}).
   */
  void run(SparseBatch x, float scale) {
    run(x, scale, true);
  }

  /** Fills z1, h1 and z2, and probs when {@code softmax}. */
  private void run(SparseBatch x, float scale, boolean softmax) {
    int n = x.rows;
    ensure(n);
    int hp = w.hp;
    int o = w.w1o;
    if (x.pixels != null) {
      coefficients(scale);
    }
    if (split && Halves.cut(n)) {
      Halves.run(n / 2, n, (from, to) -> firstLayer(x, scale, from, to));
    } else {
      firstLayer(x, scale, 0, n);
    }
    // from 0: the o floats before the first row are zeros, and stay zeros
    k.relu(z1, h1, o + n * hp);
    int c = w.classes;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        z2[i * c + j] = w.b2[j] + k.dot(h1, o + i * hp, w.W2t, o + j * hp, hp);
      }
    }
    if (softmax) {
      for (int i = 0; i < n; i++) {
        softmaxRow(z2, probs, i * c, c);
      }
    }
  }

  /** z1 = b1 + x·W1 for images {@code from .. to} of the batch. */
  private void firstLayer(SparseBatch x, float scale, int from, int to) {
    int hp = w.hp;
    int o = w.w1o;
    for (int i = from; i < to; i++) {
      int row = o + i * hp;
      System.arraycopy(w.b1, 0, z1, row, hp);
      if (x.pixels != null) {
        int e = x.first[i];
        int end = e + x.start[i + 1] - x.start[i];
        k.addInkedRows(w.W1, o, hp, x.pixels, x.values, coefOf, e, end, z1, row, hp);
      } else {
        k.addRows(w.W1, o, hp, x.index, x.value, scale, x.start[i], x.start[i + 1], z1, row, hp);
      }
    }
  }

  /** coefOf[b] = scale · (the pixel value of byte b), the terms' coefficients for scale. */
  private void coefficients(float scale) {
    if (scale != coefScale) {
      for (int b = 0; b < 256; b++) {
        coefOf[b] = scale * MnistDataset.scaled((byte) b);
      }
      coefScale = scale;
    }
  }

  /** Softmax of one row of C logits, the maximum subtracted first so exp cannot overflow. */
  private static void softmaxRow(float[] z, float[] p, int o, int c) {
    float m = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < c; j++) {
      m = Math.max(m, z[o + j]);
    }
    float sum = 0;
    for (int j = 0; j < c; j++) {
      p[o + j] = (float) Math.exp(z[o + j] - m);
      sum += p[o + j];
    }
    for (int j = 0; j < c; j++) {
      p[o + j] /= sum;
    }
  }

  private void ensure(int n) {
    if (n > capacity) {
      capacity = n;
      z1 = new float[w.w1o + n * w.hp];
      h1 = new float[w.w1o + n * w.hp];
      z2 = new float[n * w.classes];
      probs = new float[n * w.classes];
    }
  }
}
