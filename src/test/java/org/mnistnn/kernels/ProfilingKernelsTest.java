package org.mnistnn.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The profile of {@code bench --profile}: it times the calls of the thread that made it, and passes
 * the calls of other threads (the helper that prepares batches ahead) through untimed, with their
 * results intact.
 */
class ProfilingKernelsTest {
  private static final byte[] IMAGE = {0, 7, 0, 0, 9, 1};

  @Test
  void timesItsOwnThreadsCallsAndPassesOthersThrough() throws Exception {
    ProfilingKernels prof = new ProfilingKernels(Kernels.scalar());
    SparseRows mine = new SparseRows();
    prof.listBytes(IMAGE, null, 0, 2, 3, 1f, mine);
    assertThat(mine.nonZeros()).isEqualTo(3);
    assertThat(prof.callsByKernel()).containsEntry("listBytes", 1L);

    SparseRows theirs = new SparseRows();
    Thread other = new Thread(() -> prof.listBytes(IMAGE, null, 0, 2, 3, 1f, theirs));
    other.start();
    other.join();
    assertThat(theirs.nonZeros()).isEqualTo(3);
    assertThat(theirs.rows()).isEqualTo(2);
    assertThat(prof.callsByKernel()).containsEntry("listBytes", 1L);
    assertThat(prof.nanosByKernel().get("listBytes")).isPositive();
  }
}
