package org.mnistnn.augment;

/** A one-dimensional Gaussian, sampled at whole offsets and normalised to sum 1. */
final class GaussianKernel {
  private GaussianKernel() {}

  /**
   * The weights {@code g[k + r]} for offsets {@code k = −r .. r}, with {@code r = ⌈3σ⌉} (beyond
   * three standard deviations lie 0.3% of the mass; cutting there saves a quarter of the work).
   *
   * <pre>
   * g[k] = exp(−k² / (2σ²)) / Σ_j exp(−j² / (2σ²))
   * </pre>
   */
  static float[] weights(double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("σ must be positive, got " + sigma);
    }
    int r = (int) Math.ceil(3 * sigma);
    float[] g = new float[2 * r + 1];
    double sum = 0;
    for (int k = -r; k <= r; k++) {
      sum += Math.exp(-k * (double) k / (2 * sigma * sigma));
    }
    for (int k = -r; k <= r; k++) {
      g[k + r] = (float) (Math.exp(-k * (double) k / (2 * sigma * sigma)) / sum);
    }
    return g;
  }

  /** The size of each of {@link #blur}'s two frames: the field with r zeros on every side. */
  static int frameSize(int rows, int cols, float[] g) {
    int r = g.length / 2;
    return (rows + 2 * r) * (cols + 2 * r);
  }

  /**
   * Blurs {@code field} (rows × cols) in place with the 2-D Gaussian g(x)·g(y), as two 1-D passes
   * (along rows, then along columns): O(rows·cols·(2r+1)) instead of O(rows·cols·(2r+1)²). Outside
   * the image the field counts as 0.
   *
   * <p>Speed: the field is copied into a frame of r zeros on every side, of width w = cols + 2r,
   * and each pass is then one long loop per tap over the flattened frame: a shift by k columns is
   * an offset of k, a shift by k rows an offset of k·w, and the zero frame stands in for the
   * outside. Long, branch-free loops of the form {@code out[p] += g[k]·in[p + offset]} between two
   * distinct arrays are compiled to SIMD instructions by the JIT; this is several times faster than
   * looping over 28-pixel rows, even though the frame's margins are computed needlessly.
   *
   * @param a scratch of at least {@link #frameSize} floats
   * @param b scratch of at least {@link #frameSize} floats
   */
  static void blur(float[] field, float[] a, float[] b, int rows, int cols, float[] g) {
    int r = g.length / 2;
    int w = cols + 2 * r;
    int frame = (rows + 2 * r) * w;
    java.util.Arrays.fill(a, 0, frame, 0f);
    java.util.Arrays.fill(b, 0, frame, 0f);
    for (int y = 0; y < rows; y++) {
      System.arraycopy(field, y * cols, a, (y + r) * w + r, cols);
    }
    // along rows, for the middle rows: b[p] = Σ_k g[k]·a[p + k − r]; b's border rows stay zero
    int from = r * w;
    int to = (r + rows) * w;
    for (int k = 0; k < g.length; k++) {
      convolveTap(a, b, g[k], k - r, from, to);
    }
    // along columns: a[p] = Σ_k g[k]·b[p + (k − r)·w], again for the middle rows
    java.util.Arrays.fill(a, from, to, 0f);
    for (int k = 0; k < g.length; k++) {
      convolveTap(b, a, g[k], (k - r) * w, from, to);
    }
    for (int y = 0; y < rows; y++) {
      System.arraycopy(a, (y + r) * w + r, field, y * cols, cols);
    }
  }

  /** {@code out[p] += gk · in[p + shift]} for p in [from, to). */
  private static void convolveTap(float[] in, float[] out, float gk, int shift, int from, int to) {
    for (int p = from; p < to; p++) {
      out[p] += gk * in[p + shift];
    }
  }
}
