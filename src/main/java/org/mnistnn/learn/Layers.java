package org.mnistnn.learn;

import java.util.Arrays;

/**
 * The equations of docs/backprop.md, each as one plain loop over flat row-major arrays. A layer's
 * forward function sits beside its backward function. Shapes use N for the batch, {@code in} and
 * {@code out} for a layer's widths, C for the classes.
 */
public final class Layers {
  private Layers() {}

  /**
   * §1, the affine layer.
   *
   * <pre>
   * z = x · W + b        x (N × in), W (in × out), b (1 × out), z (N × out)
   * </pre>
   */
  public static void affineForward(
      float[] x, float[] W, float[] b, float[] z, int n, int in, int out) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < out; j++) {
        z[i * out + j] = b[j];
      }
      // row i of z gains x[i, k] times row k of W, for every input k: the same sum
      // z[i, j] = b[j] + Σ_k x[i, k]·W[k, j], walked in the order the arrays are laid out
      for (int k = 0; k < in; k++) {
        float xik = x[i * in + k];
        for (int j = 0; j < out; j++) {
          z[i * out + j] += xik * W[k * out + j];
        }
      }
    }
  }

  /**
   * §7, the gradient through the affine layer, given the upstream gradient dz.
   *
   * <pre>
   * dW = xᵀ · dz         (in × out)
   * db = Σ_rows dz       (1 × out)
   * dx = dz · Wᵀ         (N × in)     skipped when dx is null (the input layer needs none)
   * </pre>
   */
  public static void affineBackward(
      float[] dz,
      float[] x,
      float[] W,
      float[] dW,
      float[] db,
      float[] dx,
      int n,
      int in,
      int out) {
    // dW[k, j] = Σ_i x[i, k]·dz[i, j]: row k of dW gains x[i, k] times row i of dz
    Arrays.fill(dW, 0, in * out, 0f);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < in; k++) {
        float xik = x[i * in + k];
        for (int j = 0; j < out; j++) {
          dW[k * out + j] += xik * dz[i * out + j];
        }
      }
    }
    for (int j = 0; j < out; j++) {
      float s = 0;
      for (int i = 0; i < n; i++) {
        s += dz[i * out + j];
      }
      db[j] = s;
    }
    if (dx != null) {
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < in; k++) {
          float s = 0;
          for (int j = 0; j < out; j++) {
            s += dz[i * out + j] * W[k * out + j];
          }
          dx[i * in + k] = s;
        }
      }
    }
  }

  /**
   * §2, ReLU.
   *
   * <pre>
   * h = max(0, z)        element-wise, any shape of {@code len} elements
   * </pre>
   */
  public static void relu(float[] z, float[] h, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = z[i] > 0 ? z[i] : 0;
    }
  }

  /**
   * §6, the gradient through ReLU: a unit that was off (z ≤ 0) passes no gradient back.
   *
   * <pre>
   * dz = dh ⊙ 1[z > 0]   element-wise
   * </pre>
   */
  public static void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    for (int i = 0; i < len; i++) {
      dz[i] = z[i] > 0 ? dh[i] : 0;
    }
  }

  /**
   * §3, softmax of each row. Subtracting the row's maximum first changes nothing mathematically but
   * keeps exp from overflowing.
   *
   * <pre>
   * probs[i, j] = exp(z[i, j] − m_i) / Σ_k exp(z[i, k] − m_i),   m_i = max_k z[i, k]   (N × C)
   * </pre>
   */
  public static void softmax(float[] z, float[] probs, int n, int c) {
    for (int i = 0; i < n; i++) {
      float m = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        m = Math.max(m, z[i * c + j]);
      }
      float sum = 0;
      for (int j = 0; j < c; j++) {
        probs[i * c + j] = (float) Math.exp(z[i * c + j] - m);
        sum += probs[i * c + j];
      }
      for (int j = 0; j < c; j++) {
        probs[i * c + j] /= sum;
      }
    }
  }

  /**
   * §4, the mean cross-entropy of the true classes: −log p_y, averaged over the batch.
   *
   * <pre>
   * loss = −(1/N) Σ_i log probs[i, y_i]      probs (N × C), y (N)
   * </pre>
   *
   * A probability that underflowed to 0 in float counts as the smallest normal float (a loss of
   * about 87 for that image), so that one hopeless image cannot make the loss infinite.
   */
  public static double crossEntropy(float[] probs, int[] y, int n, int c) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum -= Math.log(Math.max(probs[i * c + y[i]], Float.MIN_NORMAL));
    }
    return sum / n;
  }

  /**
   * §5, the gradient of the mean cross-entropy with respect to the logits z, through softmax: the
   * probabilities minus the one-hot labels, divided by the batch size.
   *
   * <pre>
   * dz[i, j] = (probs[i, j] − 1[j = y_i]) / N      (N × C)
   * </pre>
   */
  public static void softmaxCrossEntropyBackward(float[] probs, int[] y, float[] dz, int n, int c) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        float onehot = j == y[i] ? 1 : 0;
        dz[i * c + j] = (probs[i * c + j] - onehot) / n;
      }
    }
  }

  /**
   * §8, the L2 penalty of one parameter array.
   *
   * <pre>
   * penalty = ½ · reg · Σ θ²
   * </pre>
   */
  public static double l2Penalty(float[] theta, float reg) {
    double s = 0;
    for (float t : theta) {
      s += (double) t * t;
    }
    return 0.5 * reg * s;
  }

  /**
   * §8, the penalty's gradient, added to the data gradient.
   *
   * <pre>
   * dθ += reg · θ
   * </pre>
   */
  public static void l2Backward(float[] theta, float reg, float[] dTheta) {
    for (int i = 0; i < theta.length; i++) {
      dTheta[i] += reg * theta[i];
    }
  }

  /**
   * §9, one step of gradient descent on one parameter array.
   *
   * <pre>
   * θ ← θ − lr · dθ
   * </pre>
   */
  public static void sgdStep(float[] theta, float[] dTheta, float lr) {
    for (int i = 0; i < theta.length; i++) {
      theta[i] -= lr * dTheta[i];
    }
  }
}
