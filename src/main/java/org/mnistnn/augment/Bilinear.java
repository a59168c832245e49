package org.mnistnn.augment;

/** Reads an image between its pixels. */
final class Bilinear {
  private Bilinear() {}

  /**
   * The image at the real position (x, y), blended from its four nearest pixels; pixels outside the
   * image count as background 0.
   *
   * <pre>
   * v = (1−fx)(1−fy)·I[y0, x0] + fx(1−fy)·I[y0, x0+1] + (1−fx)fy·I[y0+1, x0] + fx·fy·I[y0+1, x0+1]
   * x0 = ⌊x⌋, fx = x − x0   (likewise y)
   * </pre>
   *
   * At whole-number positions this returns the pixel itself, so an identity transform copies the
   * image exactly.
   */
  static float sample(float[] img, int off, int rows, int cols, float x, float y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    float fx = x - x0;
    float fy = y - y0;
    float top =
        (1 - fx) * at(img, off, rows, cols, y0, x0) + fx * at(img, off, rows, cols, y0, x0 + 1);
    float bottom =
        (1 - fx) * at(img, off, rows, cols, y0 + 1, x0)
            + fx * at(img, off, rows, cols, y0 + 1, x0 + 1);
    return (1 - fy) * top + fy * bottom;
  }

  private static float at(float[] img, int off, int rows, int cols, int r, int c) {
    return r < 0 || r >= rows || c < 0 || c >= cols ? 0f : img[off + r * cols + c];
  }
}
