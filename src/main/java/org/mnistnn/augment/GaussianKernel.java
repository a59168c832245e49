package org.mnistnn.augment;

/** A one-dimensional Gaussian, sampled at whole offsets and normalised to sum 1. */
final class GaussianKernel {
  private GaussianKernel() {}

  /**
   * The weights {@code g[k + r]} for offsets {@code k = −r .. r}, with {@code r = ⌈4σ⌉} (beyond
   * four standard deviations the weights are below 0.04% of the peak).
   *
   * <pre>
   * g[k] = exp(−k² / (2σ²)) / Σ_j exp(−j² / (2σ²))
   * </pre>
   */
  static float[] weights(double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("σ must be positive, got " + sigma);
    }
    int r = (int) Math.ceil(4 * sigma);
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

  /**
   * Blurs {@code field} (rows × cols) in place with the 2-D Gaussian g(x)·g(y), as two 1-D passes
   * (rows, then columns): O(rows·cols·(2r+1)) instead of O(rows·cols·(2r+1)²). Outside the image
   * the field counts as 0. {@code tmp} is scratch of the same size.
   */
  static void blur(float[] field, float[] tmp, int rows, int cols, float[] g) {
    int r = g.length / 2;
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        int lo = Math.max(-r, -x);
        int hi = Math.min(r, cols - 1 - x);
        float acc = 0;
        for (int k = lo; k <= hi; k++) {
          acc += g[k + r] * field[y * cols + x + k];
        }
        tmp[y * cols + x] = acc;
      }
    }
    for (int y = 0; y < rows; y++) {
      int lo = Math.max(-r, -y);
      int hi = Math.min(r, rows - 1 - y);
      for (int x = 0; x < cols; x++) {
        float acc = 0;
        for (int k = lo; k <= hi; k++) {
          acc += g[k + r] * tmp[(y + k) * cols + x];
        }
        field[y * cols + x] = acc;
      }
    }
  }
}
