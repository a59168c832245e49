package org.mnistnn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lists of non-zeros that the first layer's products run over. */
class SparseRowsTest {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  @Test
  void listsEachRowsNonZerosInOrderAndSkipsBothZeros() {
    // 3 × 10: an empty row (with −0), a row with ink at both ends, a dense row
    float[] x = {
      0f, -0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, -0f, //
      1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 2f, //
      1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f
    };
    for (KernelProvider k : new KernelProvider[] {scalar, vector}) {
      SparseRows s = new SparseRows();
      k.listNonZeros(x, 3, 10, s);
      assertEquals(3, s.rows(), k.name());
      assertEquals(10, s.cols(), k.name());
      assertEquals(12, s.nonZeros(), k.name());
      assertThat(java.util.Arrays.copyOf(s.rowStart, 4)).containsExactly(0, 0, 2, 12);
      assertThat(java.util.Arrays.copyOf(s.col, 4)).containsExactly(0, 9, 0, 1);
      assertThat(java.util.Arrays.copyOf(s.val, 4)).containsExactly(1f, 2f, 1f, 2f);
      s.listColumns();
      // column 0: rows 1 and 2; columns 1..8: row 2; column 9: rows 1 and 2
      assertThat(java.util.Arrays.copyOf(s.colStart, 11))
          .containsExactly(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12);
      assertThat(java.util.Arrays.copyOf(s.colRow, 12))
          .containsExactly(1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 2);
      assertThat(java.util.Arrays.copyOf(s.colVal, 12))
          .containsExactly(1f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 2f, 10f);
    }
  }

  /** m × 784 random "images" with about 19% ink, listed by rows. */
  private static SparseRows randomBatch(int m, long seed) {
    java.util.Random rng = new java.util.Random(seed);
    byte[] a = new byte[m * 784];
    for (int t = 0; t < a.length; t++) {
      a[t] = rng.nextFloat() < 0.19f ? (byte) (1 + rng.nextInt(255)) : 0;
    }
    SparseRows s = new SparseRows();
    s.listBytes(a, m, 784, 1f / 255f);
    return s;
  }

  /**
   * A helper thread lists a batch by column ahead of W1's step exactly when the step would list the
   * whole batch itself: with the vector kernels up to 64 images at n = 100 (above, the step lists a
   * chunk at a time), never with the scalar ones (their step reads rows).
   */
  @Test
  void columnsAreListedAheadExactlyWhenTheStepWouldListThemAll() {
    for (int m : new int[] {1, 16, 64}) {
      SparseRows ahead = randomBatch(m, m);
      vector.listColumnsForStep(ahead, 100);
      assertThat(ahead.columnsListed()).as("%d rows", m).isTrue();
      SparseRows want = randomBatch(m, m);
      want.listColumns();
      assertSameLists(want, ahead);
    }
    SparseRows large = randomBatch(128, 3);
    vector.listColumnsForStep(large, 100);
    assertThat(large.columnsListed()).isFalse();
    SparseRows small = randomBatch(16, 3);
    scalar.listColumnsForStep(small, 100);
    assertThat(small.columnsListed()).isFalse();
  }

  /** {@link SparseRows#touch} only reads: the lists are unchanged, equal lists give equal sums. */
  @Test
  void touchChangesNothing() {
    SparseRows a = randomBatch(16, 9);
    SparseRows b = randomBatch(16, 9);
    a.listColumns();
    b.listColumns();
    int h = a.touch();
    assertSameLists(b, a);
    assertThat(b.touch()).isEqualTo(h);
  }

  /**
   * Columns listed in disjoint ranges, in any order (as the threads of a large batch do), give the
   * lists of the definition: for each column, its rows ascending with their values.
   */
  @Test
  void columnsListedInRangesAreTheColumnsOfTheMatrix() {
    Random rng = new Random(11);
    for (int t = 0; t < 60; t++) {
      int m = rng.nextInt(70);
      int k = 1 + rng.nextInt(120);
      float[] x =
          MatmulProperties.rowsOfKinds(rng, m, k, new int[] {rng.nextInt(4), 2, rng.nextInt(4)});
      SparseRows s = new SparseRows();
      vector.listNonZeros(x, m, k, s);
      // cut [0, k) at random points, list the pieces last to first
      java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>(java.util.List.of(0, k));
      for (int c = rng.nextInt(5); c > 0; c--) {
        cuts.add(rng.nextInt(k + 1));
      }
      Integer[] at = cuts.toArray(new Integer[0]);
      s.prepareColumns();
      for (int r = at.length - 2; r >= 0; r--) {
        s.listColumns(at[r], at[r + 1]);
      }
      s.columnsDone();
      int u = 0;
      for (int p = 0; p < k; p++) {
        assertEquals(u, s.colStart[p], "start of column " + p + ", cuts " + cuts);
        for (int i = 0; i < m; i++) {
          if (x[i * k + p] != 0f) {
            assertEquals(i, s.colRow[u], "row of entry " + u + " of column " + p);
            assertEquals(x[i * k + p], s.colVal[u], "value of entry " + u);
            u++;
          }
        }
      }
      assertEquals(u, s.colStart[k], "end of the last column");
      assertEquals(s.nonZeros(), u);
    }
  }

  @Test
  void aChunkOfRowsListedByColumnHoldsExactlyItsEntries() {
    Random rng = new Random(12);
    SparseRows.ColumnChunk chunk = new SparseRows.ColumnChunk(); // reused, as on a thread
    for (int t = 0; t < 200; t++) {
      int m = rng.nextInt(70);
      int k = 1 + rng.nextInt(120);
      float[] x =
          MatmulProperties.rowsOfKinds(rng, m, k, new int[] {rng.nextInt(4), 2, rng.nextInt(4)});
      SparseRows s = new SparseRows();
      vector.listNonZeros(x, m, k, s);
      int rowFrom = rng.nextInt(m + 1);
      int rowTo = rowFrom + rng.nextInt(m - rowFrom + 1);
      int from = rng.nextInt(k + 1);
      int to = from + rng.nextInt(k - from + 1);
      chunk.list(s, rowFrom, rowTo, from, to);
      String what = "rows [" + rowFrom + ", " + rowTo + "), columns [" + from + ", " + to + ")";
      int u = 0;
      for (int p = from; p < to; p++) {
        assertEquals(u, chunk.start[p - from], "start of column " + p + ", " + what);
        for (int i = rowFrom; i < rowTo; i++) {
          if (x[i * k + p] != 0f) {
            assertEquals(i, chunk.row[u], "row of entry " + u + " of column " + p + ", " + what);
            assertEquals(x[i * k + p], chunk.val[u], "value of entry " + u + ", " + what);
            u++;
          }
        }
      }
      assertEquals(u, chunk.start[to - from], "end of the last column, " + what);
    }
  }

  @Test
  void reusedListsGrowAndForgetTheLastBatch() {
    Random rng = new Random(3);
    SparseRows s = new SparseRows();
    SparseRows fresh = new SparseRows();
    int[][] shapes = {{2, 5}, {40, 784}, {1, 784}, {17, 9}, {40, 784}};
    for (int[] shape : shapes) {
      float[] x = KernelAssert.random(rng, shape[0] * shape[1], 0.5);
      vector.listNonZeros(x, shape[0], shape[1], s);
      s.listColumns();
      scalar.listNonZeros(x, shape[0], shape[1], fresh);
      fresh.listColumns();
      assertSameLists(fresh, s);
    }
  }

  @Test
  void listingBytesGivesTheListsOfTheConvertedFloats() {
    Random rng = new Random(9);
    // row lengths around the 8-byte step; rows empty, dense, sparse, ink only in the tail
    for (int k : new int[] {1, 7, 8, 9, 17, 784}) {
      int m = 5;
      byte[] bytes = new byte[m * k];
      for (int p = 0; p < k; p++) {
        bytes[k + p] = (byte) (1 + rng.nextInt(255)); // row 1 dense
        bytes[2 * k + p] = rng.nextFloat() < 0.19f ? (byte) rng.nextInt(256) : 0; // row 2 sparse
      }
      bytes[3 * k + k - 1] = (byte) 255; // row 3: the last entry only; rows 0 and 4 empty
      float[] floats = new float[m * k];
      for (int i = 0; i < floats.length; i++) {
        floats[i] = (bytes[i] & 0xFF) * (1f / 255f); // as MnistDataset.copyBatch converts
      }
      SparseRows want = new SparseRows();
      scalar.listNonZeros(floats, m, k, want);
      SparseRows got = new SparseRows();
      got.listBytes(bytes, m, k, 1f / 255f);
      assertSameLists(want, got);
      for (KernelProvider provider : new KernelProvider[] {scalar, vector}) {
        SparseRows byProvider = new SparseRows();
        provider.listBytes(bytes, null, 0, m, k, 1f / 255f, byProvider);
        assertSameLists(want, byProvider);
      }
    }
  }

  /** Same rows, row lists and column lists (the used parts of the arrays). */
  static void assertSameLists(SparseRows want, SparseRows got) {
    assertEquals(want.rows(), got.rows(), "rows");
    assertEquals(want.cols(), got.cols(), "cols");
    int nnz = want.nonZeros();
    assertEquals(nnz, got.nonZeros(), "non-zeros");
    assertThat(java.util.Arrays.copyOf(got.rowStart, want.rows() + 1))
        .containsExactly(java.util.Arrays.copyOf(want.rowStart, want.rows() + 1));
    assertThat(java.util.Arrays.copyOf(got.col, nnz))
        .containsExactly(java.util.Arrays.copyOf(want.col, nnz));
    assertThat(java.util.Arrays.copyOf(got.val, nnz))
        .containsExactly(java.util.Arrays.copyOf(want.val, nnz));
    want.listColumns();
    got.listColumns();
    assertThat(java.util.Arrays.copyOf(got.colStart, want.cols() + 1))
        .containsExactly(java.util.Arrays.copyOf(want.colStart, want.cols() + 1));
    assertThat(java.util.Arrays.copyOf(got.colRow, nnz))
        .containsExactly(java.util.Arrays.copyOf(want.colRow, nnz));
    assertThat(java.util.Arrays.copyOf(got.colVal, nnz))
        .containsExactly(java.util.Arrays.copyOf(want.colVal, nnz));
  }
}
