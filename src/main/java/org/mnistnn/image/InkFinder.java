package org.mnistnn.image;

import java.util.Arrays;

/**
 * Finds the digit in a picture that is already white ink on black: the dominant ink, without the
 * paper's uneven light, its sensor noise or specks of dust beside the digit.
 *
 * <ol>
 *   <li>paper: the light is estimated per cell of a 4×4 grid as the cell's 20th percentile (paper
 *       outnumbers ink in nearly every cell), inner cells clamped to the range of the outer ones (a
 *       cell filled by a thick stroke is not paper), interpolated bilinearly between cell centres
 *       and subtracted: {@code d = v − paper(x, y)};
 *   <li>contrast: {@code d / max(blur(d))}, with {@code blur} a 3×3 binomial blur (noise σ shrinks
 *       to ⅜, so a noisy pixel cannot set the scale), so the ink is about 1 whatever the light;
 *   <li>ink: the blurred {@code d} thresholded by Otsu's method (Otsu, "A threshold selection
 *       method from gray-level histograms", 1979), kept within [0.25, 0.6];
 *   <li>digit: the 8-connected ink components; the one with the most ink, plus every other one
 *       within a fifth of the digit's size of the box kept so far (a broken stroke, the bar of a
 *       5); specks farther away are dropped;
 *   <li>result: the contrast-stretched picture where the kept components are (grown by a pixel so
 *       anti-aliased edges stay), {@code clamp((d − t/2) / (1 − t/2), 0, 1)}, zero elsewhere.
 * </ol>
 */
final class InkFinder {
  /** Grid cells per side for the paper estimate. */
  static final int CELLS = 4;

  /** Components whose box is this fraction of the digit's size away or nearer belong to it. */
  static final double NEAR = 0.2;

  private InkFinder() {}

  /**
   * The digit alone: the stretched ink of the kept components, zero elsewhere, or null when no ink
   * stands out from the paper.
   */
  static float[] digit(float[] v, int w, int h) {
    float[] d = minusPaper(v, w, h);
    float[] smooth = binomial3(d, w, h);
    float peak = 0f;
    for (float x : smooth) {
      peak = Math.max(peak, x);
    }
    if (peak <= 0f) {
      return null;
    }
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.max(0f, d[i] / peak);
      smooth[i] = Math.max(0f, smooth[i] / peak);
    }
    float t = Math.max(0.25f, Math.min(0.6f, otsu(smooth)));
    boolean[] ink = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      ink[i] = smooth[i] > t;
    }
    Components c = Components.label(ink, d, w, h);
    if (c.count() == 0) {
      return null;
    }
    boolean[] keep = grow(c.kept(NEAR), w, h);
    float lo = t / 2;
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = keep[i] ? Math.max(0f, Math.min(1f, (d[i] - lo) / (1f - lo))) : 0f;
    }
    return out;
  }

  /** {@code v − paper(x, y)}, the paper estimated as described in the class comment. */
  static float[] minusPaper(float[] v, int w, int h) {
    float ceiling = percentile(MnistPreprocessor.border(v, w, h), 0.75f);
    float[][] cell = new float[CELLS][CELLS];
    for (int cy = 0; cy < CELLS; cy++) {
      for (int cx = 0; cx < CELLS; cx++) {
        cell[cy][cx] = Math.min(ceiling, percentile(block(v, w, h, cx, cy), 0.2f));
      }
    }
    float[] d = new float[v.length];
    for (int y = 0; y < h; y++) {
      double gy = Math.max(0, Math.min(CELLS - 1, (y + 0.5) * CELLS / h - 0.5));
      int y0 = Math.min((int) gy, CELLS - 2);
      double fy = gy - y0;
      for (int x = 0; x < w; x++) {
        double gx = Math.max(0, Math.min(CELLS - 1, (x + 0.5) * CELLS / w - 0.5));
        int x0 = Math.min((int) gx, CELLS - 2);
        double fx = gx - x0;
        double top = cell[y0][x0] * (1 - fx) + cell[y0][x0 + 1] * fx;
        double bottom = cell[y0 + 1][x0] * (1 - fx) + cell[y0 + 1][x0 + 1] * fx;
        d[y * w + x] = v[y * w + x] - (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return d;
  }

  /** The pixels of grid cell ({@code cx}, {@code cy}); never empty. */
  private static float[] block(float[] v, int w, int h, int cx, int cy) {
    int x0 = cx * w / CELLS;
    int x1 = Math.max(x0 + 1, (cx + 1) * w / CELLS);
    int y0 = cy * h / CELLS;
    int y1 = Math.max(y0 + 1, (cy + 1) * h / CELLS);
    x1 = Math.min(x1, w);
    y1 = Math.min(y1, h);
    x0 = Math.min(x0, x1 - 1);
    y0 = Math.min(y0, y1 - 1);
    float[] out = new float[(x1 - x0) * (y1 - y0)];
    int k = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        out[k++] = v[y * w + x];
      }
    }
    return out;
  }

  /** The value below which a fraction {@code q} of {@code a} lies. */
  static float percentile(float[] a, float q) {
    float[] s = a.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) (q * s.length))];
  }

  /** A 3×3 blur with weights (1 2 1)ᵀ(1 2 1)/16, edges repeated. */
  static float[] binomial3(float[] v, int w, int h) {
    float[] tmp = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        tmp[i] = (v[i - x + Math.max(0, x - 1)] + 2 * v[i] + v[i - x + Math.min(w - 1, x + 1)]) / 4;
      }
    }
    float[] out = new float[v.length];
    for (int y = 0; y < h; y++) {
      int up = Math.max(0, y - 1) * w;
      int down = Math.min(h - 1, y + 1) * w;
      for (int x = 0; x < w; x++) {
        out[y * w + x] = (tmp[up + x] + 2 * tmp[y * w + x] + tmp[down + x]) / 4;
      }
    }
    return out;
  }

  /**
   * Otsu's threshold on values in [0, 1] (256 bins): the level that maximises the between-class
   * variance {@code ω₀ω₁(μ₀ − μ₁)²}.
   */
  static float otsu(float[] v) {
    int bins = 256;
    long[] hist = new long[bins];
    double total = 0;
    for (float x : v) {
      int b = Math.max(0, Math.min(bins - 1, (int) (x * (bins - 1))));
      hist[b]++;
      total += b;
    }
    long n0 = 0;
    double sum0 = 0;
    double best = -1;
    int level = bins / 2;
    for (int t = 0; t < bins - 1; t++) {
      n0 += hist[t];
      sum0 += (double) t * hist[t];
      long n1 = v.length - n0;
      if (n0 == 0 || n1 == 0) {
        continue;
      }
      double mu0 = sum0 / n0;
      double mu1 = (total - sum0) / n1;
      double between = (double) n0 * n1 * (mu0 - mu1) * (mu0 - mu1);
      if (between > best) {
        best = between;
        level = t;
      }
    }
    return (level + 0.5f) / (bins - 1);
  }

  /** {@code m} grown by one pixel in all eight directions. */
  static boolean[] grow(boolean[] m, int w, int h) {
    boolean[] out = new boolean[m.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!m[y * w + x]) {
          continue;
        }
        for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
          for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
            out[yy * w + xx] = true;
          }
        }
      }
    }
    return out;
  }
}
