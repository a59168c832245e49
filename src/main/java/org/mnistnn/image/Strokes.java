package org.mnistnn.image;

/**
 * Makes strokes much thicker than MNIST's thinner: a marker or a bold font gives strokes a fifth of
 * the digit's height or more, where MNIST's are about an eighth (the median over its test digits of
 * the width estimate below is 0.13 of the digit's longer side, 90% below 0.18).
 *
 * <pre>
 * width ≈ 2·A / P        A = ink pixels (v &gt; ½), P = ink pixels with a 4-neighbour that is not ink
 * </pre>
 *
 * (a stroke of length L and width w has A ≈ L·w and P ≈ 2L). When {@code width / size} exceeds
 * {@link #THICK}, the picture is eroded (a 3×3 grey-level minimum, repeated) by half the excess,
 * down to {@link #TARGET}. Thin strokes are left alone: thickening a printed font's thin strokes to
 * MNIST's width was tried on the test pictures of {@code RealPicturesTest} and read fewer digits.
 */
final class Strokes {
  /** Relative width above which strokes are thinned. */
  static final double THICK = 0.2;

  /** Relative width they are thinned to. */
  static final double TARGET = 0.15;

  private Strokes() {}

  /** The stroke width estimate {@code 2A / P} in pixels, 0 when there is no ink. */
  static double width(float[] v, int w, int h) {
    long area = 0;
    long edge = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (v[y * w + x] <= 0.5f) {
          continue;
        }
        area++;
        boolean inner =
            x > 0
                && y > 0
                && x < w - 1
                && y < h - 1
                && v[y * w + x - 1] > 0.5f
                && v[y * w + x + 1] > 0.5f
                && v[(y - 1) * w + x] > 0.5f
                && v[(y + 1) * w + x] > 0.5f;
        if (!inner) {
          edge++;
        }
      }
    }
    return edge == 0 ? 0 : 2.0 * area / edge;
  }

  /** {@code img} with its strokes thinned when they are thick, else {@code img} itself. */
  static GrayImage thinned(GrayImage img) {
    int size = Math.max(img.width(), img.height());
    double width = width(img.v(), img.width(), img.height());
    if (width <= THICK * size) {
      return img;
    }
    int steps = (int) Math.round((width - TARGET * size) / 2);
    float[] v = img.v();
    for (int i = 0; i < steps; i++) {
      v = erode(v, img.width(), img.height());
    }
    return new GrayImage(img.width(), img.height(), v);
  }

  /** The 3×3 minimum of every pixel. */
  static float[] erode(float[] v, int w, int h) {
    return extreme(v, w, h, true);
  }

  /** The 3×3 minimum or maximum of every pixel, one axis at a time, within the picture. */
  private static float[] extreme(float[] v, int w, int h, boolean min) {
    float[] tmp = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        float m = v[i];
        if (x > 0) {
          m = pick(min, m, v[i - 1]);
        }
        if (x < w - 1) {
          m = pick(min, m, v[i + 1]);
        }
        tmp[i] = m;
      }
    }
    float[] out = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        float m = tmp[i];
        if (y > 0) {
          m = pick(min, m, tmp[i - w]);
        }
        if (y < h - 1) {
          m = pick(min, m, tmp[i + w]);
        }
        out[i] = m;
      }
    }
    return out;
  }

  private static float pick(boolean min, float a, float b) {
    return min ? Math.min(a, b) : Math.max(a, b);
  }
}
