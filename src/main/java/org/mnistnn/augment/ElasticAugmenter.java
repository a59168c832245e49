package org.mnistnn.augment;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Elastic distortions as in P. Y. Simard, D. Steinkraus and J. C. Platt, "Best Practices for
 * Convolutional Neural Networks Applied to Visual Document Analysis", ICDAR 2003, §2: a random
 * displacement field, smoothed so that neighbouring pixels move together, moves every pixel.
 *
 * <pre>
 * Δx(p), Δy(p) ~ U(−1, 1)                independently for every pixel p
 * Δx ← α · (G_σ ∗ Δx),  Δy ← α · (G_σ ∗ Δy)   G_σ: Gaussian of standard deviation σ (sum 1)
 * out(x, y) = in(x + Δx(x, y), y + Δy(x, y))   read with bilinear interpolation
 * </pre>
 *
 * Small σ gives nearly random (noisy) fields; large σ nearly uniform shifts; σ = 4 and α = 34 suit
 * 28×28 digits (the paper's values; typical displacements are then 1–2 pixels). With α = 0 the
 * image is copied unchanged. The Gaussian is applied as two precomputed 1-D passes.
 */
public final class ElasticAugmenter implements Augmenter {
  /** The paper's smoothing for MNIST. */
  public static final float DEFAULT_SIGMA = 4f;

  /** The paper's scaling for MNIST. */
  public static final float DEFAULT_ALPHA = 34f;

  private final int rows;
  private final int cols;
  private final float sigma;
  private final float alpha;
  private final float[] kernel;
  // scratch per thread: augmenters are shared between the trainer and the prefetch thread
  private final ThreadLocal<float[][]> scratch;

  public ElasticAugmenter(int rows, int cols, float sigma, float alpha) {
    if (!(sigma > 0) || !(alpha >= 0) || !Float.isFinite(alpha)) {
      throw new IllegalArgumentException(
          "elastic distortion needs σ > 0 and α ≥ 0, got σ=" + sigma + " α=" + alpha);
    }
    this.rows = rows;
    this.cols = cols;
    this.sigma = sigma;
    this.alpha = alpha;
    this.kernel = GaussianKernel.weights(sigma);
    int d = rows * cols;
    this.scratch =
        ThreadLocal.withInitial(() -> new float[][] {new float[d], new float[d], new float[d]});
  }

  @Override
  public void apply(float[] src, int srcOff, float[] dst, int dstOff, SplittableRandom rng) {
    float[][] s = scratch.get();
    float[] dx = s[0];
    float[] dy = s[1];
    displacement(rng, dx, dy, s[2]);
    warp(src, srcOff, dst, dstOff, dx, dy);
  }

  /** Draws a smoothed, scaled displacement field into {@code dx} and {@code dy} (rows × cols). */
  public void displacement(SplittableRandom rng, float[] dx, float[] dy, float[] tmp) {
    int d = rows * cols;
    for (int i = 0; i < d; i++) {
      dx[i] = AffineAugmenter.symmetric(rng);
      dy[i] = AffineAugmenter.symmetric(rng);
    }
    GaussianKernel.blur(dx, tmp, rows, cols, kernel);
    GaussianKernel.blur(dy, tmp, rows, cols, kernel);
    for (int i = 0; i < d; i++) {
      dx[i] *= alpha;
      dy[i] *= alpha;
    }
  }

  /** Moves every pixel by the given field: {@code out(x, y) = in(x + dx, y + dy)}. */
  public void warp(float[] src, int srcOff, float[] dst, int dstOff, float[] dx, float[] dy) {
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        int p = y * cols + x;
        dst[dstOff + p] = Bilinear.sample(src, srcOff, rows, cols, x + dx[p], y + dy[p]);
      }
    }
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "elastic σ=%s α=%s", sigma, alpha);
  }
}
