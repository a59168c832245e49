package org.mnistnn.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.Layers;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The engine's training step: the equations of {@link org.mnistnn.learn.ReferenceStep} on the
 * engine's layout ({@link EngineWeights}), over the batch's non-zero pixels, on one thread.
 *
 * <p>Beyond the layout and the sparse first layer, plain SGD does less work on W1 than the
 * equations say. The L2 term shrinks every weight each step, {@code θ ← (1 − lr·reg)·θ − lr·dθ},
 * which taken literally is a pass over all of W1 although a batch's gradient touches only the rows
 * of its inked pixels. So W1 is kept as {@code s · V}: the shrinking multiplies the scale {@code s}
 * alone, and the gradient step changes only the inked rows of V, by {@code −(lr/s)·dW1}, computed
 * row by row straight into V ({@code dW1} itself is never stored). The sums of squares of V's rows
 * are kept up to date as rows change, so the L2 term of the loss, {@code ½·reg·s²·ΣV²}, needs no
 * pass either. When {@code s} gets small, V is multiplied by it and {@code s} starts again at 1.
 * With momentum every velocity changes every step, so the whole of W1 is updated as written.
 */
public final class FastStep implements Step {
  /** Below this scale, V absorbs s (a rare pass over W1, to keep V's magnitude near W1's). */
  static final float RENORMALISE_BELOW = 1f / 16;

  private static final String SCALE = "fast_W1_scale";
  private static final String UNSCALED = "fast_W1_unscaled";

  private final TwoLayerNet net;
  private final EngineWeights w;
  private final Kernels k;
  private final FastForward forward;
  private final SparseBatch batch = new SparseBatch();
  private final float reg;
  private final float biasReg;
  private final float mu;
  private final boolean nesterov;
  private final boolean momentum;
  // W1 = scale · w.W1 (plain SGD; always 1 with momentum)
  private float scale = 1f;
  // Σ of squares of each row of w.W1 (plain SGD)
  private final float[] rowSquares;
  // gradients in the engine's layout; dW1 (momentum only) is all zeros between steps
  private final float[] dW1;
  private final float[] db1;
  private final float[] dW2t;
  private final float[] db2;
  // velocities in the engine's layout (momentum only)
  private final EngineWeights v;
  private int[] labels = new int[0];
  private float[] dz2 = new float[0];
  // dz2ᵀ (C × n), ones (n), and the row numbers of the backward pass's sums (see ensure)
  private float[] dz2t = new float[0];
  private float[] ones = new float[0];
  private int[] image = new int[0];
  private int[] classOf = new int[0];
  private int imagesListed = -1;
  private float[] dh1 = new float[0];
  private float[] dz1 = new float[0];
  // Σθ² of b1, W2, b2 (and W1 with momentum) as the last update left them
  private final float[] squares = new float[4];
  private boolean squaresKnown;

  /** A step for {@code net} (trained in place) with the kernels chosen at start-up. */
  public FastStep(TwoLayerNet net, L2 l2, float momentum, boolean nesterov) {
    this(net, l2, momentum, nesterov, KernelChoice.kernels(), KernelChoice.lanes());
  }

  /** A step with the given kernels and vector length (for tests at every width). */
  FastStep(TwoLayerNet net, L2 l2, float mu, boolean nesterov, Kernels kernels, int lanes) {
    this(net, l2, mu, nesterov, kernels, lanes, Alignment.floatsToAlign(4 * lanes));
  }

  /** A step whose rows start at {@code offset} in their arrays (for tests of other alignments). */
  FastStep(
      TwoLayerNet net, L2 l2, float mu, boolean nesterov, Kernels kernels, int lanes, int offset) {
    if (!(mu >= 0 && mu < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
    }
    this.net = net;
    this.w = EngineWeights.of(net, lanes, offset);
    this.k = kernels;
    this.forward = new FastForward(w, kernels, true);
    this.reg = l2.reg();
    this.biasReg = l2.biases() ? l2.reg() : 0f;
    this.mu = mu;
    this.nesterov = nesterov;
    this.momentum = mu != 0f || nesterov;
    this.dW1 = momentum ? new float[w.W1.length] : null;
    this.db1 = new float[w.hp];
    this.dW2t = new float[w.W2t.length];
    this.db2 = new float[w.classes];
    this.v = momentum ? new EngineWeights(w.inputs, w.hidden, w.classes, lanes, w.w1o) : null;
    this.rowSquares = new float[w.inputs];
    for (int r = 0; r < w.inputs; r++) {
      rowSquares[r] = rowSquares(r);
    }
  }

  @Override
  public double take(float[] x, int[] y, int n, float lr) {
    batch.list(x, n, w.inputs);
    return step(y, n, lr);
  }

  /** {@inheritDoc} The images' non-zero pixels come from the data set's list of them. */
  @Override
  public double take(MnistDataset data, int[] order, int from, int n, float lr) {
    if (labels.length < n) {
      labels = new int[n];
    }
    batch.list(data, order, from, n, labels);
    return step(labels, n, lr);
  }

  private double step(int[] y, int n, float lr) {
    forward.run(batch, scale);
    double loss = Layers.crossEntropy(forward.probs, y, n, w.classes) + penalty();
    backward(y, n);
    batch.transpose(w.inputs);
    if (momentum) {
      updateWithMomentum(lr);
    } else {
      update(lr);
    }
    return loss;
  }

  /** ½·reg·Σθ², from the sums of squares kept up to date by the updates. */
  private double penalty() {
    if (reg == 0f) {
      return 0;
    }
    if (!squaresKnown) {
      float[][] a = w.arrays();
      for (int p = 0; p < 4; p++) {
        int o = w.start(p);
        squares[p] = k.sumOfSquares(a[p], o, a[p].length - o);
      }
      squaresKnown = true;
    }
    double w1 = momentum ? squares[0] : (double) scale * scale * sum(rowSquares);
    return 0.5 * reg * (w1 + squares[2]) + 0.5 * biasReg * ((double) squares[1] + squares[3]);
  }

  private static double sum(float[] a) {
    double s = 0;
    for (float x : a) {
      s += x;
    }
    return s;
  }

  /**
   * dz2, dW2, db2, dh1, dz1 and db1, as in {@code TwoLayerNet.backward}; dW1 is the update's. The
   * sums over the batch and over the classes are {@link Kernels#addRows} sums, each held in
   * registers until its row is done: the terms are the equations', added in the same order.
   */
  private void backward(int[] y, int n) {
    int hp = w.hp;
    int c = w.classes;
    ensure(n);
    float[] probs = forward.probs;
    Arrays.fill(db2, 0f);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        float d = (probs[i * c + j] - (j == y[i] ? 1 : 0)) / n;
        dz2[i * c + j] = d;
        dz2t[j * n + i] = d;
        db2[j] += d;
      }
    }
    // the rows of h1, z1, dh1, dz1, W2ᵀ and dW2ᵀ start at o, after o zeros
    int o = w.w1o;
    Arrays.fill(dW2t, 0f);
    for (int j = 0; j < c; j++) {
      // dW2ᵀ[j, :] = Σ_i dz2[i, j] · h1[i, :]
      k.addRows(forward.h1, o, hp, image, dz2t, 1f, j * n, (j + 1) * n, dW2t, o + j * hp, hp);
    }
    Arrays.fill(dh1, o, o + n * hp, 0f);
    for (int i = 0; i < n; i++) {
      // dh1[i, :] = Σ_j dz2[i, j] · W2ᵀ[j, :]
      k.addRows(w.W2t, o, hp, classOf, dz2, 1f, i * c, (i + 1) * c, dh1, o + i * hp, hp);
    }
    k.reluBackward(dh1, forward.z1, dz1, o + n * hp);
    // db1 = Σ_i dz1[i, :]
    Arrays.fill(db1, 0f);
    k.addRows(dz1, o, hp, image, ones, 1f, 0, n, db1, 0, hp);
  }

  /**
   * Plain SGD: {@code θ ← θ − lr·(dθ + reg·θ)} for b1, W2, b2; for W1 through its scale, touching
   * only the rows of the batch's inked pixels.
   */
  private void update(float lr) {
    squares[1] = k.sgdStep(w.b1, 0, db1, 0, w.hp, lr, biasReg);
    int o = w.w1o;
    squares[2] = k.sgdStep(w.W2t, o, dW2t, o, w.W2t.length - o, lr, reg);
    squares[3] = k.sgdStep(w.b2, 0, db2, 0, w.classes, lr, biasReg);
    squaresKnown = true;
    scale *= 1f - lr * reg;
    // V[p, :] −= (lr / s) · Σ_i x[i, p] · dz1[i, :], for each inked pixel p
    float factor = -lr / scale;
    if (Halves.cut(batch.rows)) {
      // the pixels cut where half of the terms are behind
      int half = batch.columnStart[batch.columns] / 2;
      int mid = 0;
      while (mid < batch.columns && batch.columnStart[mid] < half) {
        mid++;
      }
      Halves.run(mid, batch.columns, (from, to) -> updateRows(factor, from, to));
    } else {
      updateRows(factor, 0, batch.columns);
    }
    if (scale < RENORMALISE_BELOW) {
      absorbScale();
    }
  }

  /** The update of the rows of V of the batch's inked pixels {@code from .. to} (by pixel). */
  private void updateRows(float factor, int from, int to) {
    for (int c = from; c < to; c++) {
      rowSquares[batch.column[c]] = addColumn(c, factor, w.W1);
    }
  }

  /**
   * {@code target}'s row of the batch's inked pixel {@code c} (in W1's layout) plus {@code factor ·
   * Σ_i x[i, p] · dz1[i, :]} over the images i that inked it; returns the new row's sum of squares.
   */
  private float addColumn(int c, float factor, float[] target) {
    int hp = w.hp;
    return k.addRows(
        dz1,
        w.w1o,
        hp,
        batch.image,
        batch.columnValue,
        factor,
        batch.columnStart[c],
        batch.columnStart[c + 1],
        target,
        w.w1o + batch.column[c] * hp,
        hp);
  }

  /**
   * Σ of squares of row {@code r} of V, added up as the update's {@code addRows} adds them up: that
   * call with no terms.
   */
  private float rowSquares(int r) {
    return k.addRows(
        dz1, w.w1o, w.hp, batch.image, batch.columnValue, 0f, 0, 0, w.W1, w.w1o + r * w.hp, w.hp);
  }

  /** V ← s·V and s ← 1: the same weights, V back near their magnitude. */
  private void absorbScale() {
    for (int r = 0; r < w.inputs; r++) {
      for (int j = 0; j < w.hp; j++) {
        w.W1[w.w1o + r * w.hp + j] *= scale;
      }
      rowSquares[r] = rowSquares(r);
    }
    scale = 1f;
  }

  /** SGD with momentum: dW1 accumulated row by row, then every parameter updated as written. */
  private void updateWithMomentum(float lr) {
    int hp = w.hp;
    for (int c = 0; c < batch.columns; c++) {
      addColumn(c, 1f, dW1);
    }
    float[][] theta = w.arrays();
    float[][] grads = {dW1, db1, dW2t, db2};
    float[][] vel = v.arrays();
    for (int p = 0; p < 4; p++) {
      float r = p == 1 || p == 3 ? biasReg : reg;
      float[] t = theta[p];
      int o = w.start(p);
      squares[p] = k.momentumStep(t, grads[p], vel[p], o, t.length - o, lr, r, mu, nesterov);
    }
    squaresKnown = true;
    for (int c = 0; c < batch.columns; c++) {
      int row = batch.column[c];
      Arrays.fill(dW1, w.w1o + row * hp, w.w1o + (row + 1) * hp, 0f);
    }
  }

  private void ensure(int n) {
    int c = w.classes;
    if (dz2.length < n * c) {
      dz2 = new float[n * c];
      dz2t = new float[n * c];
      dh1 = new float[w.w1o + n * w.hp];
      dz1 = new float[w.w1o + n * w.hp];
      ones = new float[n];
      Arrays.fill(ones, 1f);
      image = new int[n * c];
      classOf = new int[n * c];
    }
    if (imagesListed != n) {
      // image[j·n + i] = i and classOf[i·c + j] = j: the rows the backward pass's sums add
      for (int e = 0; e < n * c; e++) {
        image[e] = e % n;
        classOf[e] = e % c;
      }
      imagesListed = n;
    }
  }

  /** {@inheritDoc} The engine's weights (W1 = s·V) are written into the network first. */
  @Override
  public TwoLayerNet net() {
    w.writeParameters(net.W1, net.b1, net.W2, net.b2);
    if (scale != 1f) {
      for (int i = 0; i < net.W1.length; i++) {
        net.W1[i] *= scale;
      }
    }
    return net;
  }

  /**
   * {@inheritDoc} Copies in the network's layout: the velocities with momentum; with plain SGD and
   * L2, V and its scale ({@code fast_W1_unscaled}, {@code fast_W1_scale}), which W1 = s·V rounds
   * away and a resumed run needs to continue bit for bit. Another engine may ignore those two.
   */
  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> s = new LinkedHashMap<>();
    float[] a = new float[net.W1.length];
    float[] b = new float[net.b1.length];
    float[] c = new float[net.W2.length];
    float[] d = new float[net.b2.length];
    if (momentum) {
      v.writeParameters(a, b, c, d);
      s.put("vW1", a);
      s.put("vb1", b);
      s.put("vW2", c);
      s.put("vb2", d);
    } else if (reg != 0f) {
      w.writeParameters(a, b, c, d);
      s.put(UNSCALED, a);
      s.put(SCALE, new float[] {scale});
    }
    return s;
  }

  /**
   * {@inheritDoc} Without {@code fast_W1_unscaled} and {@code fast_W1_scale} (a checkpoint of the
   * reference engine), V starts as W1 with s = 1.
   */
  @Override
  public void restore(Map<String, float[]> saved) {
    if (momentum) {
      for (String name : new String[] {"vW1", "vb1", "vW2", "vb2"}) {
        if (!saved.containsKey(name)) {
          throw new IllegalArgumentException("optimiser state '" + name + "' is missing");
        }
      }
      float[] vb2 = saved.get("vb2");
      v.readParameters(saved.get("vW1"), saved.get("vb1"), saved.get("vW2"), vb2);
      return;
    }
    float[] unscaled = saved.get(UNSCALED);
    float[] s = saved.get(SCALE);
    if (unscaled != null && s != null && s.length == 1 && unscaled.length == net.W1.length) {
      w.readParameters(unscaled, net.b1, net.W2, net.b2);
      for (int r = 0; r < w.inputs; r++) {
        rowSquares[r] = rowSquares(r);
      }
      scale = s[0];
      squaresKnown = false;
    }
  }

  /** Whether {@code name} is state only this engine keeps, which other engines may ignore. */
  public static boolean isEngineState(String name) {
    return name.startsWith("fast_");
  }
}
