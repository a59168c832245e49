package org.mnistnn.network;

import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;

/**
 * The small functions the network is made of, one per equation of docs/backprop.md. Each one names
 * its equation and the shape of every matrix; N is the batch size. The arithmetic itself is done by
 * {@link Kernels}, so these stay short enough to read beside the derivation.
 *
 * <p>Conventions: a batch is a matrix with one example per row; all matrices are flat row-major
 * {@code float[]}.
 */
public final class Layers {
  private Layers() {}

  private static KernelProvider k() {
    return Kernels.get();
  }

  /**
   * The affine layer (docs/backprop.md §1).
   *
   * <pre>
   * z = x · W + b      x (N × in), W (in × out), b (1 × out), z (N × out)
   * </pre>
   *
   * The bias row b is added to every row of x · W.
   */
  public static void affineForward(
      float[] x, float[] w, float[] b, float[] z, int n, int in, int out) {
    k().matmul(x, w, z, n, in, out);
    k().addRowVector(z, b, n, out);
  }

  /**
   * Lists the non-zero entries of each row of x (N × in) into {@code nonZeros}: an MNIST image has
   * about 150 inked pixels of 784, and a zero pixel adds nothing to {@code x · W} or {@code xᵀ ·
   * dz}, so the first layer's products run over this list only (same result: x·w = 0 adds nothing
   * to a sum).
   */
  public static void listNonZeros(float[] x, int n, int in, SparseRows nonZeros) {
    k().listNonZeros(x, n, in, nonZeros);
  }

  /**
   * The affine layer for an input given by its non-zeros (see {@link #listNonZeros}).
   *
   * <pre>
   * z = x · W + b      x (N × in), W (in × out), b (1 × out), z (N × out)
   * </pre>
   */
  public static void affineForward(SparseRows x, float[] w, float[] b, float[] z, int out) {
    k().sparseMatmul(x, w, z, out);
    addBias(z, b, x.rows(), out);
  }

  /** The bias half of the affine layer: {@code z ← z + b} on each of z's n rows (N × out). */
  public static void addBias(float[] z, float[] b, int n, int out) {
    k().addRowVector(z, b, n, out);
  }

  /**
   * The rectified linear unit (docs/backprop.md §2).
   *
   * <pre>
   * h = relu(z) = max(0, z)      element-wise, z and h (N × H)
   * </pre>
   */
  public static void relu(float[] z, float[] h, int len) {
    k().relu(z, h, len);
  }

  /**
   * Softmax over each row (docs/backprop.md §3), numerically stable.
   *
   * <pre>
   * probs[i, j] = exp(z[i, j] − m_i) / Σ_k exp(z[i, k] − m_i),   m_i = max_k z[i, k]
   * z, probs (N × C)
   * </pre>
   *
   * Subtracting the row maximum changes nothing mathematically (it cancels) but keeps every
   * exponent ≤ 0, so {@code exp} cannot overflow even for scores like 1000.
   */
  public static void softmax(float[] z, float[] probs, int n, int c) {
    k().softmaxRows(z, probs, n, c);
  }

  /**
   * Mean cross-entropy of the true classes (docs/backprop.md §4).
   *
   * <pre>
   * loss = −(1/N) Σ_i log probs[i, y_i]      probs (N × C), y (N)
   * </pre>
   *
   * (The notebook wrote this as "y − log p"; it is −log p_y.) A probability that underflowed to 0
   * is clamped to the smallest positive float so the loss stays finite.
   */
  public static double crossEntropy(float[] probs, int[] y, int n, int c) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      float p = probs[i * c + y[i]];
      sum -= Math.log(Math.max(p, Float.MIN_NORMAL));
    }
    return sum / n;
  }

  /**
   * The gradient of the mean cross-entropy with respect to the scores z2 that went into softmax
   * (docs/backprop.md §5).
   *
   * <pre>
   * dz2[i, k] = (probs[i, k] − 1[k = y_i]) / N      probs, dz2 (N × C)
   * </pre>
   *
   * Unlike the notebook's {@code dsoftmax}, this writes into its own output and leaves {@code
   * probs} untouched, and takes N as an argument instead of reading a global.
   */
  public static void softmaxCrossEntropyBackward(
      float[] probs, int[] y, float[] dz2, int n, int c) {
    float invN = 1f / n;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        float indicator = (j == y[i]) ? 1f : 0f;
        dz2[i * c + j] = (probs[i * c + j] - indicator) * invN;
      }
    }
  }

  /**
   * The gradient through ReLU (docs/backprop.md §6).
   *
   * <pre>
   * dz = dh ⊙ 1[z > 0]      dh, z, dz (N × H)
   * </pre>
   *
   * Units that were switched off in the forward pass pass no gradient back.
   */
  public static void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    k().reluBackward(dh, z, dz, len);
  }

  /**
   * The gradient through the affine layer z = x · W + b (docs/backprop.md §7).
   *
   * <pre>
   * dW = xᵀ · dz          (in × out)
   * db = Σ_rows dz        (1 × out)
   * dx = dz · Wᵀ          (N × in)     skipped when dx is null (the input layer needs none)
   * </pre>
   */
  public static void affineBackward(
      float[] dz,
      float[] x,
      float[] w,
      float[] dW,
      float[] db,
      float[] dx,
      int n,
      int in,
      int out) {
    k().matmulTransA(x, dz, dW, n, in, out);
    k().columnSums(dz, db, n, out);
    if (dx != null) {
      k().matmulTransB(dz, w, dx, n, out, in);
    }
  }

  /**
   * The weight gradient of the first affine layer, its input given by its non-zeros (see {@link
   * #listNonZeros}); with {@link #affineBiasGradient}, the first layer's part of docs/backprop.md
   * §7 (no {@code dx}, since nothing comes before it).
   *
   * <pre>
   * dW = xᵀ · dz          x (N × in), dz (N × out), dW (in × out)
   * </pre>
   *
   * Row p of dW sums the rows of dz of the images whose pixel p is non-zero.
   */
  public static void affineWeightGradient(float[] dz, SparseRows x, float[] dW, int out) {
    k().sparseMatmulTransA(x, dz, dW, out);
  }

  /**
   * The bias gradient of an affine layer (docs/backprop.md §7).
   *
   * <pre>
   * db = Σ_rows dz        dz (N × out), db (1 × out)
   * </pre>
   */
  public static void affineBiasGradient(float[] dz, float[] db, int n, int out) {
    k().columnSums(dz, db, n, out);
  }

  /**
   * L2 penalty (docs/backprop.md §8): {@code ½ · reg · Σ θ²} over one parameter array. Its gradient
   * {@code reg · θ} is folded into the SGD update.
   */
  public static double l2Penalty(float[] theta, float reg) {
    return l2Penalty(sumOfSquares(theta), reg);
  }

  /** The L2 penalty {@code ½ · reg · Σ θ²} from the sum of squares (see {@link #sumOfSquares}). */
  public static double l2Penalty(float sumOfSquares, float reg) {
    return 0.5 * reg * sumOfSquares;
  }

  /** {@code Σ θ²} over one parameter array, for the L2 penalty. */
  public static float sumOfSquares(float[] theta) {
    return k().sumOfSquares(theta, theta.length);
  }

  /**
   * One SGD step with L2 (docs/backprop.md §9).
   *
   * <pre>
   * θ ← θ − lr · (dθ + reg · θ)
   * </pre>
   */
  public static void sgdStep(float[] theta, float[] dTheta, float lr, float reg) {
    k().sgdUpdate(theta, dTheta, lr, reg, theta.length);
  }

  /**
   * {@link #sgdStep}, returning {@link #sumOfSquares} of the new θ, for the L2 penalty of the next
   * step's loss (docs/backprop.md §8–9): one pass over θ instead of two, the same floats.
   *
   * <pre>
   * θ ← θ − lr · (dθ + reg · θ)
   * returns Σ θ²
   * </pre>
   */
  public static float sgdStepAndSumOfSquares(float[] theta, float[] dTheta, float lr, float reg) {
    return k().sgdUpdateSumOfSquares(theta, dTheta, lr, reg, theta.length);
  }

  /**
   * {@link #sgdStepAndSumOfSquares} of the first layer's weights with their gradient {@link
   * #affineWeightGradient} computed on the way, a few rows at a time, and never stored
   * (docs/backprop.md §7 and §9): W and dW (784 × 100 for MNIST) together do not fit in the L2
   * cache, W alone does. The same floats and the same sum as the two steps.
   *
   * <pre>
   * dW = xᵀ · dz                       x (N × in) by its non-zeros, dz (N × out), dW (in × out)
   * W ← W − lr · (dW + reg · W)        W (in × out)
   * returns Σ W²
   * </pre>
   */
  public static float sgdStepWithWeightGradient(
      float[] w, SparseRows x, float[] dz, int out, float lr, float reg) {
    return k().sparseMatmulTransASgdUpdate(x, dz, w, out, lr, reg);
  }
}
