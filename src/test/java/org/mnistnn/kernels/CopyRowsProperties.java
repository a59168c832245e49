package org.mnistnn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A byte matrix's rows listed once ({@link SparseByteRows}) and copied by batches ({@link
 * KernelProvider#copyRows}) give exactly what listing the batch's bytes gives ({@link
 * KernelProvider#listBytes}), entry for entry and bit for bit: for every batch of a shuffled pass
 * over the rows, the last one partial, with rows empty (no ink), dense, sparse or in runs, row
 * lengths around the 8-entry step of the vector copy, and several scales.
 */
class CopyRowsProperties {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  @Property(tries = 300)
  void copiedBatchesEqualListedBatches(
      @ForAll @IntRange(min = 0, max = 70) int m,
      @ForAll("widths") int k,
      @ForAll @IntRange(min = 1, max = 20) int batch,
      @ForAll("rowKinds") int[] kinds,
      @ForAll("scales") float scale,
      @ForAll boolean split,
      @ForAll long seed) {
    // split: every batch copied on both cores (large batches are), else as the threshold says
    long before = Parallel.minParallelWork;
    try {
      Parallel.minParallelWork = split ? 0 : before;
      copiedBatchesEqualListedBatches(m, k, batch, kinds, scale, seed);
    } finally {
      Parallel.minParallelWork = before;
    }
  }

  private void copiedBatchesEqualListedBatches(
      int m, int k, int batch, int[] kinds, float scale, long seed) {
    Random rng = new Random(seed);
    byte[] a = ByteListingProperties.rowsOfKinds(rng, m, k, kinds);
    SparseByteRows lists = SparseByteRows.of(a, m, k);
    int[] order = shuffled(rng, m);
    SparseRows want = new SparseRows();
    SparseRows byScalar = new SparseRows();
    SparseRows byVector = new SparseRows(); // reused from batch to batch, as training does
    for (int from = 0; from < m; from += batch) {
      int n = Math.min(batch, m - from); // the last batch is partial unless batch divides m
      scalar.listBytes(a, order, from, n, k, scale, want);
      scalar.copyRows(lists, order, from, n, scale, byScalar);
      vector.copyRows(lists, order, from, n, scale, byVector);
      SparseRowsTest.assertSameLists(want, byScalar);
      SparseRowsTest.assertSameLists(want, byVector);
    }
    // rows in place (no order), from an offset, as evaluation picks them
    int from = m == 0 ? 0 : rng.nextInt(m);
    int n = Math.min(batch, m - from);
    scalar.listBytes(a, null, from, n, k, scale, want);
    vector.copyRows(lists, null, from, n, scale, byVector);
    SparseRowsTest.assertSameLists(want, byVector);
  }

  /** Each row's list holds its non-zero bytes, columns ascending, every byte value intact. */
  @Property(tries = 100)
  void listsHoldEachRowsNonZeroBytes(
      @ForAll @IntRange(min = 0, max = 30) int m,
      @ForAll("widths") int k,
      @ForAll("rowKinds") int[] kinds,
      @ForAll long seed) {
    byte[] a = ByteListingProperties.rowsOfKinds(new Random(seed), m, k, kinds);
    SparseByteRows lists = SparseByteRows.of(a, m, k);
    assertEquals(m, lists.rows());
    assertEquals(k, lists.cols());
    int total = 0;
    for (int i = 0; i < m; i++) {
      int t = lists.start[i];
      for (int p = 0; p < k; p++) {
        int v = a[i * k + p] & 0xFF;
        if (v != 0) {
          assertEquals(p << 8 | v, lists.entries[t], "row " + i + ", column " + p);
          t++;
        }
      }
      assertEquals(lists.start[i + 1], t, "row " + i + " has other entries");
      assertEquals(t - lists.start[i], lists.nonZeros(i));
      total += lists.nonZeros(i);
    }
    assertEquals(total, lists.nonZeros());
  }

  /** Every byte value at both ends of a 784-wide row: no sign or packing slip. */
  @Test
  void everyByteValueAndTheLastColumnSurvive() {
    int k = 784;
    byte[] a = new byte[256 * k];
    for (int v = 0; v < 256; v++) {
      a[v * k] = (byte) v;
      a[v * k + k - 1] = (byte) v;
      a[v * k + 400] = (byte) 0x80;
    }
    SparseByteRows lists = SparseByteRows.of(a, 256, k);
    SparseRows want = new SparseRows();
    SparseRows got = new SparseRows();
    scalar.listBytes(a, null, 0, 256, k, 1f / 255f, want);
    vector.copyRows(lists, null, 0, 256, 1f / 255f, got);
    SparseRowsTest.assertSameLists(want, got);
    assertEquals(1, lists.nonZeros(0)); // the 0x80 alone
    assertEquals(3, lists.nonZeros(255));
    assertThat(java.util.Arrays.copyOfRange(got.col, got.rowStart[255], got.rowStart[256]))
        .containsExactly(0, 400, k - 1);
    assertThat(java.util.Arrays.copyOfRange(got.val, got.rowStart[255], got.rowStart[256]))
        .containsExactly(255 * (1f / 255f), 128 * (1f / 255f), 255 * (1f / 255f));
  }

  @Test
  void rejectsAMatrixOfAnotherShapeAndRowsTooWide() {
    assertThatThrownBy(() -> SparseByteRows.of(new byte[10], 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 × 4")
        .hasMessageContaining("10 bytes");
    assertThatThrownBy(() -> SparseByteRows.of(new byte[0], 0, SparseByteRows.MAX_COLS + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wider");
  }

  static int[] shuffled(Random rng, int m) {
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    for (int i = m - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  @Provide
  Arbitrary<Integer> widths() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 40), Arbitraries.of(784));
  }

  @Provide
  Arbitrary<int[]> rowKinds() {
    return Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Float> scales() {
    return Arbitraries.of(1f / 255f, 1f, 0.5f, 3.7e-3f, 1e-30f, 0f, -2f);
  }
}
