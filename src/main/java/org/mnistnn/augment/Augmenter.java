package org.mnistnn.augment;

import java.util.SplittableRandom;

/**
 * Distorts one grey-scale image (rows × cols, row-major, values in [0, 1], 0 = background).
 * Implementations are immutable and thread-safe; all randomness comes from the generator passed in.
 */
public interface Augmenter {
  /**
   * Writes a random distortion of {@code src[srcOff .. srcOff + rows·cols)} into {@code dst[dstOff
   * ..]}. {@code src} and {@code dst} must not overlap.
   */
  void apply(float[] src, int srcOff, float[] dst, int dstOff, SplittableRandom rng);

  /** A short description for logs, e.g. {@code "elastic σ=4 α=34"}. */
  String describe();
}
