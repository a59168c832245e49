package org.mnistnn.plots;

import java.awt.image.BufferedImage;

/**
 * The pictures of one step on one digit for report.html, drawn as the step page (web/step.js) draws
 * them: signed values in {@link Colors#diverging}, each picture scaled to its own largest |value|.
 */
public final class StepPictures {
  private static final int CELL = 16;
  private static final int OFF = 0xd0d4de;
  private static final int WHITE = 0xffffff;

  private StepPictures() {}

  /** The largest |v|, or 1 when all are 0 (so 0 stays white). */
  public static float maxAbs(float[] v) {
    float m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m == 0 ? 1 : m;
  }

  /**
   * H values (1 × H) as a square grid of cells, unit j at row j / cols, column j % cols; when
   * {@code z1} is given, the units with z1 ≤ 0 (off) are grey.
   */
  public static BufferedImage units(float[] v, float[] z1) {
    int cols = (int) Math.ceil(Math.sqrt(v.length));
    int rows = (v.length + cols - 1) / cols;
    BufferedImage img = new BufferedImage(cols * CELL, rows * CELL, BufferedImage.TYPE_INT_RGB);
    fill(img, 0, 0, img.getWidth(), img.getHeight(), WHITE);
    float m = maxAbs(v);
    for (int j = 0; j < v.length; j++) {
      boolean off = z1 != null && z1[j] <= 0;
      int rgb = off ? OFF : Colors.diverging(v[j] / m);
      fill(img, (j % cols) * CELL + 1, (j / cols) * CELL + 1, CELL - 2, CELL - 2, rgb);
    }
    return img;
  }

  /**
   * A (H × C) matrix drawn transposed, as the step page does: one row per class k, one column per
   * hidden unit j.
   */
  public static BufferedImage heat(float[] w, int h, int c) {
    int cw = 4;
    int ch = 12;
    BufferedImage img = new BufferedImage(h * cw, c * ch, BufferedImage.TYPE_INT_RGB);
    float m = maxAbs(w);
    for (int j = 0; j < h; j++) {
      for (int k = 0; k < c; k++) {
        fill(img, j * cw, k * ch, cw, ch, Colors.diverging(w[j * c + k] / m));
      }
    }
    return img;
  }

  /**
   * dW1 (D × H) as one 28×28 tile per hidden unit j (column j), on one shared scale, {@code scale}
   * pixels per entry.
   */
  public static BufferedImage tiles(float[] dW1, int hidden, int side, int scale) {
    int per = (int) Math.ceil(Math.sqrt(hidden));
    int rows = (hidden + per - 1) / per;
    int cell = side * scale + 2;
    BufferedImage img = new BufferedImage(per * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
    fill(img, 0, 0, img.getWidth(), img.getHeight(), WHITE);
    float m = maxAbs(dW1);
    for (int j = 0; j < hidden; j++) {
      for (int p = 0; p < side * side; p++) {
        int rgb = Colors.diverging(dW1[p * hidden + j] / m);
        int x = (j % per) * cell + 1 + (p % side) * scale;
        int y = (j / per) * cell + 1 + (p / side) * scale;
        fill(img, x, y, scale, scale, rgb);
      }
    }
    return img;
  }

  /** An image of values in [0, 1] (white on black, as MNIST), {@code scale} pixels each. */
  public static BufferedImage gray(float[] x, int side, int scale) {
    BufferedImage img = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < side * side; p++) {
      int g = Math.round(255 * Math.max(0, Math.min(1, x[p])));
      fill(img, (p % side) * scale, (p / side) * scale, scale, scale, (g << 16) | (g << 8) | g);
    }
    return img;
  }

  private static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
    for (int j = y; j < y + h; j++) {
      for (int i = x; i < x + w; i++) {
        img.setRGB(i, j, rgb);
      }
    }
  }
}
