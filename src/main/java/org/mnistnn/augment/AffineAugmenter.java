package org.mnistnn.augment;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Small random affine distortions: a rotation by θ and a scaling by s about the image centre c,
 * then a shift t, read back with bilinear sampling. For each output pixel q the source position is
 *
 * <pre>
 * u = R(−θ) · (q − c − t) / s + c
 * θ ~ U(−rotation, rotation)   s ~ 1 + U(−scale, scale)   t_x, t_y ~ U(−shift, shift)
 * </pre>
 *
 * so the digit moves by t, turns by θ and grows by s. With all three ranges zero the image is
 * copied unchanged.
 */
public final class AffineAugmenter implements Augmenter {
  private final int rows;
  private final int cols;
  private final float shift;
  private final float rotationRadians;
  private final float scale;

  /**
   * @param shift largest shift in pixels along each axis
   * @param rotationDegrees largest rotation either way, in degrees
   * @param scale largest relative change of size, e.g. 0.1 for ±10%
   */
  public AffineAugmenter(int rows, int cols, float shift, float rotationDegrees, float scale) {
    if (!(shift >= 0) || !(rotationDegrees >= 0) || !(scale >= 0 && scale < 1)) {
      throw new IllegalArgumentException(
          "affine ranges must be shift ≥ 0, rotation ≥ 0 and 0 ≤ scale < 1, got "
              + shift
              + ", "
              + rotationDegrees
              + ", "
              + scale);
    }
    this.rows = rows;
    this.cols = cols;
    this.shift = shift;
    this.rotationRadians = (float) Math.toRadians(rotationDegrees);
    this.scale = scale;
  }

  @Override
  public void apply(float[] src, int srcOff, float[] dst, int dstOff, SplittableRandom rng) {
    // always draw the four numbers, in this order, so a zero range still consumes the same stream
    float theta = rotationRadians * symmetric(rng);
    float s = 1 + scale * symmetric(rng);
    float tx = shift * symmetric(rng);
    float ty = shift * symmetric(rng);
    transform(src, srcOff, dst, dstOff, theta, s, tx, ty);
  }

  /** Applies one given transform (rotation θ in radians, scale s, shift (tx, ty) in pixels). */
  public void transform(
      float[] src, int srcOff, float[] dst, int dstOff, float theta, float s, float tx, float ty) {
    float cos = (float) Math.cos(theta) / s;
    float sin = (float) Math.sin(theta) / s;
    float cx = (cols - 1) / 2f;
    float cy = (rows - 1) / 2f;
    for (int r = 0; r < rows; r++) {
      float py = r - cy - ty;
      for (int c = 0; c < cols; c++) {
        float px = c - cx - tx;
        // R(−θ) = [[cos θ, sin θ], [−sin θ, cos θ]]
        float ux = cos * px + sin * py + cx;
        float uy = -sin * px + cos * py + cy;
        dst[dstOff + r * cols + c] = Bilinear.sample(src, srcOff, rows, cols, ux, uy);
      }
    }
  }

  /** U(−1, 1). */
  static float symmetric(SplittableRandom rng) {
    return (float) (2 * rng.nextDouble() - 1);
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "affine shift ±%s px, rotation ±%s°, scale ±%s",
        shift,
        Math.round(Math.toDegrees(rotationRadians) * 1000) / 1000.0,
        scale);
  }
}
