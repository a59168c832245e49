package org.mnistnn.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.Layers;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The engine's training step: the equations of {@link org.mnistnn.learn.ReferenceStep} on the
 * engine's layout, over the batch's non-zero pixels, on one thread.
 *
 * <p>Beyond the layout and the sparse first layer: {@code dW1 = xᵀ · dz1} is accumulated only in
 * the rows of the pixels the batch inked (the others are zero and stay zero between steps), and the
 * update returns the new Σθ², so the next step's L2 term needs no pass of its own.
 */
public final class FastStep implements Step {
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
  // gradients in the engine's layout; dW1 is all zeros between steps
  private final float[] dW1;
  private final float[] db1;
  private final float[] dW2t;
  private final float[] db2;
  // velocities in the engine's layout (momentum only)
  private final EngineWeights v;
  // rows of dW1 this step wrote (the pixels the batch inked)
  private final boolean[] touched;
  private int[] touchedRows;
  private int touchedCount;
  private float[] dz2 = new float[0];
  private float[] dh1 = new float[0];
  private float[] dz1 = new float[0];
  // Σθ² of W1, b1, W2, b2 as the last update left them, when known
  private final float[] squares = new float[4];
  private boolean squaresKnown;

  /** A step for {@code net} (trained in place) with the kernels chosen at start-up. */
  public FastStep(TwoLayerNet net, L2 l2, float momentum, boolean nesterov) {
    this(net, l2, momentum, nesterov, KernelChoice.kernels(), KernelChoice.lanes());
  }

  /** A step with the given kernels and vector length (for tests at every width). */
  FastStep(TwoLayerNet net, L2 l2, float mu, boolean nesterov, Kernels kernels, int lanes) {
    if (!(mu >= 0 && mu < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
    }
    this.net = net;
    this.w = EngineWeights.of(net, lanes);
    this.k = kernels;
    this.forward = new FastForward(w, kernels);
    this.reg = l2.reg();
    this.biasReg = l2.biases() ? l2.reg() : 0f;
    this.mu = mu;
    this.nesterov = nesterov;
    this.momentum = mu != 0f || nesterov;
    this.dW1 = new float[w.W1.length];
    this.db1 = new float[w.hp];
    this.dW2t = new float[w.W2t.length];
    this.db2 = new float[w.classes];
    this.v = momentum ? new EngineWeights(w.inputs, w.hidden, w.classes, lanes) : null;
    this.touched = new boolean[w.inputs];
    this.touchedRows = new int[w.inputs];
  }

  @Override
  public double take(float[] x, int[] y, int n, float lr) {
    batch.list(x, n, w.inputs);
    forward.run(batch);
    double loss = Layers.crossEntropy(forward.probs, y, n, w.classes) + penalty();
    backward(y, n);
    update(lr);
    return loss;
  }

  /** ½·reg·Σθ², from the sums of squares the last update returned. */
  private double penalty() {
    if (reg == 0f) {
      return 0;
    }
    if (!squaresKnown) {
      float[][] a = w.arrays();
      for (int p = 0; p < 4; p++) {
        squares[p] = k.sumOfSquares(a[p], 0, a[p].length);
      }
      squaresKnown = true;
    }
    return 0.5 * reg * ((double) squares[0] + squares[2])
        + 0.5 * biasReg * ((double) squares[1] + squares[3]);
  }

  /** dz2, dW2, db2, dh1, dz1, db1 and the inked rows of dW1, as in {@code TwoLayerNet.backward}. */
  private void backward(int[] y, int n) {
    int hp = w.hp;
    int c = w.classes;
    ensure(n);
    float[] probs = forward.probs;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        dz2[i * c + j] = (probs[i * c + j] - (j == y[i] ? 1 : 0)) / n;
      }
    }
    Arrays.fill(dW2t, 0f);
    Arrays.fill(db2, 0f);
    Arrays.fill(dh1, 0, n * hp, 0f);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        float d = dz2[i * c + j];
        db2[j] += d;
        k.axpy(d, forward.h1, i * hp, dW2t, j * hp, hp); // dW2ᵀ[j, :] += dz2[i, j] · h1[i, :]
        k.axpy(d, w.W2t, j * hp, dh1, i * hp, hp); // dh1[i, :] += dz2[i, j] · W2ᵀ[j, :]
      }
    }
    k.reluBackward(dh1, forward.z1, dz1, n * hp);
    Arrays.fill(db1, 0f);
    touchedCount = 0;
    for (int i = 0; i < n; i++) {
      k.axpy(1f, dz1, i * hp, db1, 0, hp);
      for (int e = batch.start[i]; e < batch.start[i + 1]; e++) {
        int row = batch.index[e];
        if (!touched[row]) {
          touched[row] = true;
          touchedRows[touchedCount++] = row;
        }
        k.axpy(batch.value[e], dz1, i * hp, dW1, row * hp, hp); // dW1[row, :] += x · dz1[i, :]
      }
    }
  }

  private void update(float lr) {
    float[][] theta = w.arrays();
    float[][] grads = {dW1, db1, dW2t, db2};
    for (int p = 0; p < 4; p++) {
      float r = p == 1 || p == 3 ? biasReg : reg;
      float[] t = theta[p];
      squares[p] =
          momentum
              ? k.momentumStep(t, grads[p], v.arrays()[p], 0, t.length, lr, r, mu, nesterov)
              : k.sgdStep(t, 0, grads[p], 0, t.length, lr, r);
    }
    squaresKnown = true;
    for (int i = 0; i < touchedCount; i++) {
      int row = touchedRows[i];
      touched[row] = false;
      Arrays.fill(dW1, row * w.hp, (row + 1) * w.hp, 0f);
    }
  }

  private void ensure(int n) {
    if (dz2.length < n * w.classes) {
      dz2 = new float[n * w.classes];
      dh1 = new float[n * w.hp];
      dz1 = new float[n * w.hp];
    }
  }

  /** {@inheritDoc} The engine's weights are written into the network first. */
  @Override
  public TwoLayerNet net() {
    w.writeParameters(net.W1, net.b1, net.W2, net.b2);
    return net;
  }

  /** {@inheritDoc} Copies in the network's layout (the engine keeps its own). */
  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> s = new LinkedHashMap<>();
    if (momentum) {
      float[] vW1 = new float[net.W1.length];
      float[] vb1 = new float[net.b1.length];
      float[] vW2 = new float[net.W2.length];
      float[] vb2 = new float[net.b2.length];
      v.writeParameters(vW1, vb1, vW2, vb2);
      s.put("vW1", vW1);
      s.put("vb1", vb1);
      s.put("vW2", vW2);
      s.put("vb2", vb2);
    }
    return s;
  }

  @Override
  public void restore(Map<String, float[]> saved) {
    Map<String, float[]> expected = state();
    for (Map.Entry<String, float[]> e : expected.entrySet()) {
      float[] s = saved.get(e.getKey());
      if (s == null || s.length != e.getValue().length) {
        throw new IllegalArgumentException(
            "optimiser state '" + e.getKey() + "' is missing or has the wrong size");
      }
    }
    if (momentum) {
      v.readParameters(saved.get("vW1"), saved.get("vb1"), saved.get("vW2"), saved.get("vb2"));
    }
  }
}
