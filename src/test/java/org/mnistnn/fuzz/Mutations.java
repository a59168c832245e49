package org.mnistnn.fuzz;

/** Random edits of valid inputs, the fuzzers' main source of near-miss files. */
public final class Mutations {
  private Mutations() {}

  /**
   * {@code valid} with {@code edits} random byte changes, a cut or an insertion, from {@code seed}.
   */
  public static byte[] mutate(byte[] valid, long seed, int edits) {
    java.util.Random rng = new java.util.Random(seed);
    byte[] b = valid.clone();
    for (int i = 0; i < edits; i++) {
      switch (rng.nextInt(4)) {
        case 0 -> b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
        case 1 -> b[rng.nextInt(Math.min(b.length, 64))] ^= (byte) (1 << rng.nextInt(8));
        case 2 -> b = java.util.Arrays.copyOf(b, Math.max(1, rng.nextInt(b.length + 1)));
        default -> {
          int at = rng.nextInt(b.length + 1);
          byte[] c = new byte[b.length + 1 + rng.nextInt(8)];
          System.arraycopy(b, 0, c, 0, at);
          for (int k = at; k < at + c.length - b.length; k++) {
            c[k] = (byte) rng.nextInt(256);
          }
          System.arraycopy(b, at, c, at + c.length - b.length, b.length - at);
          b = c;
        }
      }
      if (b.length == 0) {
        b = new byte[] {0};
      }
    }
    return b;
  }
}
