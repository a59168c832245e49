package org.mnistnn.learn;

import java.util.Random;

/**
 * Turns a run's 64-bit seed into generators. {@link Random} keeps only 48 bits of its seed, so
 * {@code new Random(seed)} gives the same numbers for seeds that differ only in their top 16 bits
 * ({@code -1} and {@link Long#MAX_VALUE}, 5 and 2⁴⁸ + 5). Every generator of a run is therefore
 * seeded through {@link #mix}, which spreads all 64 bits over the bits the generator keeps.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * The 64-bit finaliser of SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
   * generators", OOPSLA 2014): a bijection on 64-bit values whose every output bit depends on every
   * input bit, so nearby or 2⁴⁸-apart seeds give unrelated outputs.
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A generator determined by all 64 bits of {@code seed}. */
  public static Random random(long seed) {
    return new Random(mix(seed));
  }

  /**
   * A generator determined by all 64 bits of {@code seed} and by {@code stream} (e.g. an epoch).
   */
  public static Random random(long seed, long stream) {
    return new Random(mix(mix(seed) ^ stream));
  }
}
