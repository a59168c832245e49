package org.mnistnn.image;

import java.awt.image.BufferedImage;

/**
 * A grey-scale picture: {@code width × height} brightness values in [0, 1] (0 black, 1 white),
 * row-major.
 *
 * @param v the pixels, {@code (height × width)} row-major
 */
public record GrayImage(int width, int height, float[] v) {
  public GrayImage {
    if (width <= 0 || height <= 0 || v.length != width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "×"
              + height
              + " image needs "
              + width * height
              + " pixels, got "
              + v.length);
    }
  }

  /** Brightness at column {@code x}, row {@code y}. */
  public float at(int x, int y) {
    return v[y * width + x];
  }

  /**
   * The brightness of each pixel of {@code img}, as luma from the sRGB values.
   *
   * <pre>
   * L = 0.299·R + 0.587·G + 0.114·B          (ITU-R BT.601, on 0..1)
   * g = A·L + (1 − A)·L_bg                   (transparent pixels show the background)
   * </pre>
   *
   * Transparent pixels have no colour of their own, so they are laid over a background that
   * contrasts with the visible ink: black under light ink, white under dark ink (L_bg is chosen
   * from the alpha-weighted mean luma of the picture). Fully opaque pictures are unchanged by this.
   */
  public static GrayImage of(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] luma = new float[w * h];
    float[] alpha = new float[w * h];
    double sumA = 0;
    double sumAL = 0;
    boolean hasAlpha = img.getColorModel().hasAlpha();
    for (int i = 0; i < argb.length; i++) {
      int p = argb[i];
      float r = ((p >> 16) & 0xFF) / 255f;
      float g = ((p >> 8) & 0xFF) / 255f;
      float b = (p & 0xFF) / 255f;
      luma[i] = 0.299f * r + 0.587f * g + 0.114f * b;
      alpha[i] = hasAlpha ? ((p >>> 24) & 0xFF) / 255f : 1f;
      sumA += alpha[i];
      sumAL += alpha[i] * luma[i];
    }
    if (hasAlpha) {
      float background = sumA > 0 && sumAL / sumA > 0.5 ? 0f : 1f;
      for (int i = 0; i < luma.length; i++) {
        luma[i] = alpha[i] * luma[i] + (1 - alpha[i]) * background;
      }
    }
    return new GrayImage(w, h, luma);
  }

  /**
   * A picture of {@code v} (28×28 or any {@code width × height}), white ink on black, each pixel
   * drawn as a {@code scale × scale} block.
   */
  public static BufferedImage toImage(float[] v, int width, int height, int scale) {
    BufferedImage img =
        new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height * scale; y++) {
      for (int x = 0; x < width * scale; x++) {
        int g = Math.round(Math.max(0f, Math.min(1f, v[(y / scale) * width + x / scale])) * 255f);
        img.getRaster().setSample(x, y, 0, g);
      }
    }
    return img;
  }
}
