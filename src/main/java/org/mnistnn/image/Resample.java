package org.mnistnn.image;

/**
 * Resizes grey pictures, one axis at a time.
 *
 * <p>Shrinking uses exact area averaging: each output pixel is the mean of the input area it
 * covers, partial pixels weighted by the fraction covered. This is the anti-aliasing that keeps a
 * thin stroke from vanishing or breaking up when a 1000-px drawing becomes 20 px (nearest neighbour
 * would keep one input pixel in fifty and drop the rest). Enlarging uses linear interpolation
 * between pixel centres, so a small scan does not turn blocky.
 *
 * <pre>
 * shrink n → m:  out[i] = (m/n) · Σ_k overlap([k, k+1), [i·n/m, (i+1)·n/m)) · in[k]
 * enlarge n → m: out[i] = lerp(in[⌊t⌋], in[⌊t⌋+1], t − ⌊t⌋),  t = (i + ½)·n/m − ½
 * </pre>
 */
public final class Resample {
  private Resample() {}

  /** {@code img} resized to {@code width × height}. */
  public static GrayImage resize(GrayImage img, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("cannot resize to " + width + "×" + height);
    }
    float[] rows = new float[width * img.height()];
    Kernel kx = Kernel.of(img.width(), width);
    for (int y = 0; y < img.height(); y++) {
      kx.apply(img.v(), y * img.width(), 1, rows, y * width, 1);
    }
    float[] out = new float[width * height];
    Kernel ky = Kernel.of(img.height(), height);
    for (int x = 0; x < width; x++) {
      ky.apply(rows, x, width, out, x, width);
    }
    return new GrayImage(width, height, out);
  }

  /**
   * The weights of a 1-D resampling from {@code n} to {@code m} samples: output {@code i} is {@code
   * Σ_j weight[i][j] · in[first[i] + j]}.
   */
  record Kernel(int[] first, float[][] weight) {
    static Kernel of(int n, int m) {
      return m < n ? area(n, m) : linear(n, m);
    }

    private static Kernel area(int n, int m) {
      int[] first = new int[m];
      float[][] weight = new float[m][];
      double step = (double) n / m;
      for (int i = 0; i < m; i++) {
        double lo = i * step;
        double hi = (i + 1) * step;
        int k0 = (int) Math.floor(lo);
        int k1 = Math.min(n, (int) Math.ceil(hi));
        first[i] = k0;
        weight[i] = new float[k1 - k0];
        for (int k = k0; k < k1; k++) {
          double overlap = Math.min(hi, k + 1) - Math.max(lo, k);
          weight[i][k - k0] = (float) (overlap / step);
        }
      }
      return new Kernel(first, weight);
    }

    private static Kernel linear(int n, int m) {
      int[] first = new int[m];
      float[][] weight = new float[m][];
      for (int i = 0; i < m; i++) {
        double t = (i + 0.5) * n / m - 0.5;
        t = Math.max(0, Math.min(n - 1, t));
        int k = Math.min((int) Math.floor(t), Math.max(0, n - 2));
        if (n == 1) {
          first[i] = 0;
          weight[i] = new float[] {1f};
        } else {
          float f = (float) (t - k);
          first[i] = k;
          weight[i] = new float[] {1f - f, f};
        }
      }
      return new Kernel(first, weight);
    }

    /** Resamples the strided line {@code src[srcOff + k·srcStride]} into {@code dst}. */
    void apply(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
      for (int i = 0; i < first.length; i++) {
        float[] w = weight[i];
        int base = srcOff + first[i] * srcStride;
        float s = 0;
        for (int j = 0; j < w.length; j++) {
          s += w[j] * src[base + j * srcStride];
        }
        dst[dstOff + i * dstStride] = s;
      }
    }
  }
}
