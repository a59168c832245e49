package org.mnistnn.augment;

import java.util.Locale;

/**
 * Which augmentation a run uses, with its parameters.
 *
 * @param kind none, affine or elastic
 * @param shift affine: largest shift in pixels
 * @param rotation affine: largest rotation in degrees
 * @param scale affine: largest relative change of size
 * @param sigma elastic: smoothing σ in pixels
 * @param alpha elastic: scaling α in pixels
 */
public record AugmentSpec(
    Kind kind, float shift, float rotation, float scale, float sigma, float alpha) {

  /** The augmentations on offer. */
  public enum Kind {
    NONE,
    AFFINE,
    ELASTIC;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final float DEFAULT_SHIFT = 2f;
  public static final float DEFAULT_ROTATION = 10f;
  public static final float DEFAULT_SCALE = 0.1f;

  /** No augmentation (with the default parameters filled in). */
  public static final AugmentSpec NONE =
      new AugmentSpec(
          Kind.NONE,
          DEFAULT_SHIFT,
          DEFAULT_ROTATION,
          DEFAULT_SCALE,
          ElasticAugmenter.DEFAULT_SIGMA,
          ElasticAugmenter.DEFAULT_ALPHA);

  /** The augmenter for images of rows × cols, or null for {@link Kind#NONE}. */
  public Augmenter create(int rows, int cols) {
    return switch (kind) {
      case NONE -> null;
      case AFFINE -> new AffineAugmenter(rows, cols, shift, rotation, scale);
      case ELASTIC -> new ElasticAugmenter(rows, cols, sigma, alpha);
    };
  }
}
