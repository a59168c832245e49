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

  static byte[] mutate(byte[] valid, long seed, int edits) {
    return Mutations.mutate(valid, seed, edits);
  }
}
