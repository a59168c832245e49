package org.mnistnn.gradcheck;

/**
 * The equations of {@link org.mnistnn.learn.Layers} again, one method for each and named the same,
 * in double precision and as plain loops: the reference the gradient check differentiates and the
 * float32 network is compared with. Each method points to its section of docs/backprop.md; the
 * equations and shapes are those of the {@link org.mnistnn.learn.Layers} method with the same name.
 *
 * <p>Nothing here is fast, and nothing should be: every line is meant to be read next to the
 * derivation.
 */
public final class DoubleLayers {
  private DoubleLayers() {}

  /**
   * §1, as {@link org.mnistnn.learn.Layers#affineForward}.
   *
   * <pre>
   * z = x · W + b      x (N × in), W (in × out), b (1 × out), z (N × out)
   * </pre>
   */
  public static void affineForward(
      double[] x, double[] w, double[] b, double[] z, int n, int in, int out) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < out; j++) {
        double s = b[j];
        for (int k = 0; k < in; k++) {
          s += x[i * in + k] * w[k * out + j];
        }
        z[i * out + j] = s;
      }
    }
  }

  /**
   * §2, as {@link org.mnistnn.learn.Layers#relu}.
   *
   * <pre>
   * h = max(0, z)      element-wise
   * </pre>
   */
  public static void relu(double[] z, double[] h, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = z[i] > 0 ? z[i] : 0;
    }
  }

  /**
   * §3, as {@link org.mnistnn.learn.Layers#softmax}: subtract the row maximum so exp cannot
   * overflow.
   *
   * <pre>
   * probs[i, j] = exp(z[i, j] − m_i) / Σ_k exp(z[i, k] − m_i),   m_i = max_k z[i, k]
   * </pre>
   */
  public static void softmax(double[] z, double[] probs, int n, int c) {
    for (int i = 0; i < n; i++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        m = Math.max(m, z[i * c + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        probs[i * c + j] = Math.exp(z[i * c + j] - m);
        sum += probs[i * c + j];
      }
      for (int j = 0; j < c; j++) {
        probs[i * c + j] /= sum;
      }
    }
  }

  /**
   * §4, as {@link org.mnistnn.learn.Layers#crossEntropy}.
   *
   * <pre>
   * loss = −(1/N) Σ_i log probs[i, y_i]
   * </pre>
   */
  public static double crossEntropy(double[] probs, int[] y, int n, int c) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum -= Math.log(probs[i * c + y[i]]);
    }
    return sum / n;
  }

  /**
   * §5, as {@link org.mnistnn.learn.Layers#softmaxCrossEntropyBackward}.
   *
   * <pre>
   * dz2[i, k] = (probs[i, k] − 1[k = y_i]) / N
   * </pre>
   */
  public static void softmaxCrossEntropyBackward(
      double[] probs, int[] y, double[] dz2, int n, int c) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        double indicator = (j == y[i]) ? 1 : 0;
        dz2[i * c + j] = (probs[i * c + j] - indicator) / n;
      }
    }
  }

  /**
   * §6, as {@link org.mnistnn.learn.Layers#reluBackward}.
   *
   * <pre>
   * dz = dh ⊙ 1[z > 0]
   * </pre>
   */
  public static void reluBackward(double[] dh, double[] z, double[] dz, int len) {
    for (int i = 0; i < len; i++) {
      dz[i] = z[i] > 0 ? dh[i] : 0;
    }
  }

  /**
   * §7, as {@link org.mnistnn.learn.Layers#affineBackward}.
   *
   * <pre>
   * dW = xᵀ · dz          (in × out)
   * db = Σ_rows dz        (1 × out)
   * dx = dz · Wᵀ          (N × in)     skipped when dx is null
   * </pre>
   */
  public static void affineBackward(
      double[] dz,
      double[] x,
      double[] w,
      double[] dW,
      double[] db,
      double[] dx,
      int n,
      int in,
      int out) {
    for (int k = 0; k < in; k++) {
      for (int j = 0; j < out; j++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += x[i * in + k] * dz[i * out + j];
        }
        dW[k * out + j] = s;
      }
    }
    for (int j = 0; j < out; j++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += dz[i * out + j];
      }
      db[j] = s;
    }
    if (dx != null) {
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < in; k++) {
          double s = 0;
          for (int j = 0; j < out; j++) {
            s += dz[i * out + j] * w[k * out + j];
          }
          dx[i * in + k] = s;
        }
      }
    }
  }

  /**
   * §8, as {@link org.mnistnn.learn.Layers#l2Penalty}.
   *
   * <pre>
   * penalty = ½ · reg · Σ θ²
   * </pre>
   */
  public static double l2Penalty(double[] theta, double reg) {
    double s = 0;
    for (double t : theta) {
      s += t * t;
    }
    return 0.5 * reg * s;
  }

  /**
   * §8: the gradient of the penalty, added to the data gradient. (The float32 network folds this
   * term into {@link org.mnistnn.learn.Layers#sgdStep} instead of storing it.)
   *
   * <pre>
   * dθ ← dθ + reg · θ
   * </pre>
   */
  public static void l2Backward(double[] theta, double reg, double[] dTheta) {
    for (int i = 0; i < theta.length; i++) {
      dTheta[i] += reg * theta[i];
    }
  }

  /**
   * §9, as {@link org.mnistnn.learn.Layers#sgdStep}.
   *
   * <pre>
   * θ ← θ − lr · (dθ + reg · θ)
   * </pre>
   */
  public static void sgdStep(double[] theta, double[] dTheta, double lr, double reg) {
    for (int i = 0; i < theta.length; i++) {
      theta[i] -= lr * (dTheta[i] + reg * theta[i]);
    }
  }
}
