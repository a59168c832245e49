package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

/** Checks shared by the fuzz tests: what an acceptable refusal looks like, and allocation. */
final class Outcomes {
  private Outcomes() {}

  /** A refusal must be one line that says where the problem is. */
  static void isOneClearLine(RuntimeException e, String where) {
    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").contains(where);
  }

  /** Bytes allocated on this thread so far (HotSpot's per-thread allocation counter). */
  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /**
   * {@code valid} with {@code edits} random byte changes, a cut or an insertion, from {@code seed}.
   */
  static byte[] mutate(byte[] valid, long seed, int edits) {
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
