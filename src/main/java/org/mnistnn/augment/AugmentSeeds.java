package org.mnistnn.augment;

import java.util.SplittableRandom;

/**
 * The generator for one image in one epoch. No state is carried from image to image, so any image
 * of any epoch can be reproduced on its own.
 */
public final class AugmentSeeds {
  private AugmentSeeds() {}

  /** A generator determined by {@code (seed, epoch, image)} alone. */
  public static SplittableRandom forImage(long seed, int epoch, int image) {
    return new SplittableRandom(mix(mix(mix(seed) ^ epoch) ^ ((long) image << 20)));
  }

  /** The 64-bit finaliser of SplitMix64: nearby inputs give unrelated outputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
