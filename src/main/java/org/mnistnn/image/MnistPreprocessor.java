package org.mnistnn.image;

import java.util.Arrays;

/**
 * Turns any picture of one digit into the network's input: a 28×28 field, white ink on black,
 * values in [0, 1], prepared the way the MNIST digits were (LeCun et al., "Gradient-based learning
 * applied to document recognition", 1998, §III-A: size-normalised to a 20×20 box keeping the aspect
 * ratio, with anti-aliasing, then centred by centre of mass in 28×28).
 *
 * <ol>
 *   <li>grey-scale (see {@link GrayImage#of});
 *   <li>polarity: when the border is mostly light (median &gt; ½) the picture is dark ink on light
 *       paper, so it is inverted, {@code v = 1 − g};
 *   <li>the digit alone, as the dominant ink ({@link InkFinder}): the paper's light subtracted,
 *       noise kept out by a blur and Otsu's threshold, specks far from the digit dropped; then
 *       strokes much thicker than MNIST's thinned ({@link Strokes});
 *   <li>crop to the bounding box of that ink;
 *   <li>scale so the longer side is 20 px, keeping the aspect ratio ({@link Resample}), then divide
 *       by the brightest pixel so thin strokes are as bright as MNIST's (whose strokes nearly
 *       always reach full white);
 *   <li>place in 28×28 so the centre of mass {@code (Σ v·x / Σ v, Σ v·y / Σ v)} falls on pixel (14,
 *       14), rounded to whole pixels as MNIST's are (its test digits have their centre of mass at
 *       14.0 ± 0.3 on both axes).
 * </ol>
 *
 * A 28×28 input that already looks like an MNIST digit (ink within 20×20, centre of mass within one
 * pixel of (14, 14)) only gets step 2 and a contrast stretch from the border median to the
 * brightest pixel, so MNIST images pass through unchanged. Pictures larger than {@link #WORK_SIDE}
 * are first scaled down by area averaging.
 */
public final class MnistPreprocessor {
  /** Side of the output field. */
  public static final int SIDE = 28;

  /** Side of the box the digit's longer side is scaled to. */
  public static final int BOX = 20;

  /** The centre of mass lands on this pixel index on both axes. */
  public static final int CENTRE = 14;

  /** Pictures are scaled down to at most this many pixels on their longer side first. */
  static final int WORK_SIDE = 1024;

  /** Less contrast than this between the border and the brightest pixel means no ink. */
  static final float MIN_CONTRAST = 0.1f;

  private MnistPreprocessor() {}

  /**
   * The result of preprocessing.
   *
   * @param pixels the network input, (28 × 28) row-major, white ink on black, in [0, 1]
   * @param inverted whether the picture was dark on light and got inverted
   */
  public record Result(float[] pixels, boolean inverted) {}

  /** Preprocesses a decoded picture; throws {@link ImageException} when it has no ink. */
  public static Result process(java.awt.image.BufferedImage img) {
    return process(GrayImage.of(img));
  }

  /** Preprocesses a grey picture; throws {@link ImageException} when it has no ink. */
  public static Result process(GrayImage img) {
    float borderMedian = median(border(img.v(), img.width(), img.height()));
    boolean inverted = borderMedian > 0.5f;
    float[] v = img.v().clone();
    if (inverted) {
      for (int i = 0; i < v.length; i++) {
        v[i] = 1f - v[i];
      }
    }
    float bg = inverted ? 1f - borderMedian : borderMedian;
    float peak = max(v);
    if (peak - bg < MIN_CONTRAST) {
      throw new ImageException(
          "no ink found: the picture is nearly uniform (brightness "
              + String.format(java.util.Locale.ROOT, "%.2f", borderMedian)
              + "); draw or photograph one digit, dark on light or light on dark");
    }
    if (img.width() == SIDE && img.height() == SIDE) {
      float[] plain = stretch(v, bg, peak);
      if (looksLikeMnist(plain)) {
        return new Result(plain, inverted);
      }
    }
    GrayImage work = shrunk(new GrayImage(img.width(), img.height(), v));
    float[] ink = InkFinder.digit(work.v(), work.width(), work.height());
    int[] box = ink == null ? null : inkBox(ink, work.width(), work.height());
    if (box == null) {
      throw new ImageException(
          "no ink found: nothing stands out from the paper; draw or photograph one digit, dark on"
              + " light or light on dark");
    }
    GrayImage cropped = Strokes.thinned(crop(ink, work.width(), box));
    return new Result(place(fitBox(cropped)), inverted);
  }

  /**
   * {@code img} scaled down by area averaging so its longer side is at most {@link #WORK_SIDE}: a
   * digit that ends up 20 px tall needs no more, and the averaging also lowers the sensor noise.
   */
  static GrayImage shrunk(GrayImage img) {
    int side = Math.max(img.width(), img.height());
    if (side <= WORK_SIDE) {
      return img;
    }
    double s = (double) WORK_SIDE / side;
    return Resample.resize(
        img,
        Math.max(1, (int) Math.round(img.width() * s)),
        Math.max(1, (int) Math.round(img.height() * s)));
  }

  /** {@code clamp((v − lo) / (peak − lo), 0, 1)} for every pixel. */
  static float[] stretch(float[] v, float lo, float peak) {
    float[] out = new float[v.length];
    float scale = 1f / (peak - lo);
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, (v[i] - lo) * scale));
    }
    return out;
  }

  /** True for a 28×28 field whose ink fits 20×20 and is centred within a pixel. */
  static boolean looksLikeMnist(float[] v) {
    int[] box = inkBox(v, SIDE, SIDE);
    if (box == null || box[2] - box[0] > BOX || box[3] - box[1] > BOX) {
      return false;
    }
    double[] com = centreOfMass(v, SIDE, SIDE);
    return Math.abs(com[0] - CENTRE) <= 1 && Math.abs(com[1] - CENTRE) <= 1;
  }

  /**
   * The bounding box {x0, y0, x1, y1} (exclusive ends) of the non-zero pixels, or null when there
   * are none.
   */
  static int[] inkBox(float[] v, int w, int h) {
    int x0 = w;
    int y0 = h;
    int x1 = -1;
    int y1 = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (v[y * w + x] > 0f) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    return x1 < 0 ? null : new int[] {x0, y0, x1 + 1, y1 + 1};
  }

  private static GrayImage crop(float[] v, int w, int[] box) {
    int cw = box[2] - box[0];
    int ch = box[3] - box[1];
    float[] out = new float[cw * ch];
    for (int y = 0; y < ch; y++) {
      System.arraycopy(v, (box[1] + y) * w + box[0], out, y * cw, cw);
    }
    return new GrayImage(cw, ch, out);
  }

  /** Scales so the longer side is {@link #BOX} pixels, keeping the aspect ratio. */
  static GrayImage fitBox(GrayImage img) {
    double s = (double) BOX / Math.max(img.width(), img.height());
    int w = Math.max(1, Math.min(BOX, (int) Math.round(img.width() * s)));
    int h = Math.max(1, Math.min(BOX, (int) Math.round(img.height() * s)));
    GrayImage out = Resample.resize(img, w, h);
    float[] v = out.v();
    float peak = max(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = peak > 0f ? Math.max(0f, Math.min(1f, v[i] / peak)) : 0f;
    }
    return out;
  }

  /**
   * Places {@code img} (at most 20×20) into a 28×28 field with its centre of mass on (14, 14),
   * rounded to whole pixels and kept inside the field.
   */
  static float[] place(GrayImage img) {
    double[] com = centreOfMass(img.v(), img.width(), img.height());
    int ox = clamp((int) Math.round(CENTRE - com[0]), 0, SIDE - img.width());
    int oy = clamp((int) Math.round(CENTRE - com[1]), 0, SIDE - img.height());
    float[] out = new float[SIDE * SIDE];
    for (int y = 0; y < img.height(); y++) {
      System.arraycopy(img.v(), y * img.width(), out, (oy + y) * SIDE + ox, img.width());
    }
    return out;
  }

  /** The centre of mass {x, y} in pixel-index coordinates (the middle when all is zero). */
  public static double[] centreOfMass(float[] v, int w, int h) {
    double m = 0;
    double mx = 0;
    double my = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float p = v[y * w + x];
        m += p;
        mx += p * x;
        my += p * y;
      }
    }
    return m == 0 ? new double[] {(w - 1) / 2.0, (h - 1) / 2.0} : new double[] {mx / m, my / m};
  }

  /** The pixels on the outer one-pixel ring. */
  static float[] border(float[] v, int w, int h) {
    if (w <= 2 || h <= 2) {
      return v.clone();
    }
    float[] out = new float[2 * w + 2 * (h - 2)];
    int k = 0;
    for (int x = 0; x < w; x++) {
      out[k++] = v[x];
      out[k++] = v[(h - 1) * w + x];
    }
    for (int y = 1; y < h - 1; y++) {
      out[k++] = v[y * w];
      out[k++] = v[y * w + w - 1];
    }
    assert k == out.length;
    return out;
  }

  static float median(float[] a) {
    float[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float x : a) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static int clamp(int x, int lo, int hi) {
    return Math.max(lo, Math.min(hi, x));
  }
}
