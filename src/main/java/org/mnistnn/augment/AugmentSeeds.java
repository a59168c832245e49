package org.mnistnn.augment;

import java.util.SplittableRandom;
import org.mnistnn.learn.Seeds;

/**
 * The generator for one image in one epoch. No state is carried from image to image, so any image
 * of any epoch can be reproduced on its own.
 */
public final class AugmentSeeds {
  private AugmentSeeds() {}

  /** A generator determined by {@code (seed, epoch, image)} alone. */
  public static SplittableRandom forImage(long seed, int epoch, int image) {
    return new SplittableRandom(
        Seeds.mix(Seeds.mix(Seeds.mix(seed) ^ epoch) ^ ((long) image << 20)));
  }
}
