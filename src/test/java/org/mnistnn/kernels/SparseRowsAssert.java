package org.mnistnn.kernels;

import java.util.Arrays;

/** {@link SparseRowsTest#assertSameLists} for tests outside this package. */
public final class SparseRowsAssert {
  private SparseRowsAssert() {}

  /**
   * Asserts {@code got} holds exactly {@code want}'s lists: the same shape, row starts, columns and
   * float values (bit for bit), and the same lists by column.
   */
  public static void assertSameLists(SparseRows want, SparseRows got) {
    SparseRowsTest.assertSameLists(want, got);
  }

  /**
   * Asserts {@code got} holds {@code want}'s rows: the same shape, row starts, columns and float
   * values (bit for bit). Compares the arrays directly (a whole MNIST epoch in well under a second,
   * where {@link #assertSameLists} takes about 25 ms a batch) and only on a difference lets {@link
   * #assertSameLists} say where.
   */
  public static void assertSameRows(SparseRows want, SparseRows got) {
    int m = want.m;
    int nnz = want.nonZeros();
    boolean same =
        m == got.m
            && want.k == got.k
            && Arrays.equals(want.rowStart, 0, m + 1, got.rowStart, 0, m + 1)
            && Arrays.equals(want.col, 0, nnz, got.col, 0, nnz)
            && sameBits(want.val, got.val, nnz);
    if (!same) {
      SparseRowsTest.assertSameLists(want, got);
      throw new AssertionError("the lists differ"); // in case the detailed check missed it
    }
  }

  private static boolean sameBits(float[] a, float[] b, int n) {
    for (int t = 0; t < n; t++) {
      if (Float.floatToRawIntBits(a[t]) != Float.floatToRawIntBits(b[t])) {
        return false;
      }
    }
    return true;
  }
}
