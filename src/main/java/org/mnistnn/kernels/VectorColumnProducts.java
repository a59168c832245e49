package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = Aᵀ · B} one row of C at a time, from the non-zeros of A listed by column:
 *
 * <pre>
 * C[p, :] = Σ_u colVal[u] · B[colRow[u], :]      over the non-zeros A[colRow[u], p] of column p
 * A (m × k), B (m × n), C (k × n)
 * </pre>
 *
 * This is {@code dW1 = xᵀ · dz1}: row p of dW1 sums the rows of dz1 of the images whose pixel p has
 * ink. A panel of C's row (up to twelve vectors) is summed in registers and stored once, so dW1
 * (the size of W1, 313 KB) is written once per step and never read back, while dz1 (16 × 100 floats
 * at batch 16) is read from L1. A pixel with no ink in the batch gives a row of zeros.
 *
 * <p>Each C[p, j] is summed over the rows in increasing order starting from 0, by fused
 * multiply-add in the vector columns and by plain multiply and add in the columns past the last
 * whole vector: the same operations in the same order as the outer-product kernel this replaced, so
 * trained models are the same bit for bit.
 */
final class VectorColumnProducts {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private VectorColumnProducts() {}

  /** Rows {@code [from, to)} of C = Aᵀ · B; A's columns must be listed. */
  static void rows(SparseRows a, float[] b, float[] c, int n, int from, int to) {
    for (int p = from; p < to; p++) {
      int co = p * n;
      if (a.colStart[p] == a.colStart[p + 1]) {
        java.util.Arrays.fill(c, co, co + n, 0f);
      } else {
        row(a, b, c, co, n, p);
      }
    }
  }

  /**
   * Row p of C = Aᵀ · B, written from {@code c[co]} on; column p of A must not be empty. The
   * columns past the last whole vector are summed by plain multiply and add: with one more full
   * vector ending at the row's end, stored first so that the panels then overwrite the columns it
   * shares with them (lane by lane the same operations as a scalar loop, but one dependency chain
   * instead of one per column: at n = 100 the four scalar chains took about a third of the time).
   */
  static void row(SparseRows a, float[] b, float[] c, int co, int n, int p) {
    int body = S.loopBound(n);
    int lo = a.colStart[p];
    int hi = a.colStart[p + 1];
    if (body < n && n >= V) {
      tailMulAdd(a, b, c, co, n, n - V, lo, hi);
    }
    int j = 0;
    for (; j <= body - 12 * V; j += 12 * V) {
      panel12(a, b, c, co, n, j, lo, hi);
    }
    for (; j < body; j += V) {
      panel1(a, b, c, co, n, j, lo, hi);
    }
    if (n < V) {
      for (; j < n; j++) {
        float s = 0f;
        for (int u = lo; u < hi; u++) {
          s += a.colVal[u] * b[a.colRow[u] * n + j];
        }
        c[co + j] = s;
      }
    }
  }

  /** One vector of C's row, columns {@code [j, j + V)}, by multiply then add (not fused). */
  private static void tailMulAdd(
      SparseRows a, float[] b, float[] c, int co, int n, int j, int lo, int hi) {
    int[] row = a.colRow;
    float[] val = a.colVal;
    FloatVector c0 = FloatVector.zero(S);
    for (int u = lo; u < hi; u++) {
      c0 = c0.add(FloatVector.fromArray(S, b, row[u] * n + j).mul(val[u]));
    }
    c0.intoArray(c, co + j);
  }

  /** One vector of C's row, columns {@code [j, j + V)}. */
  private static void panel1(
      SparseRows a, float[] b, float[] c, int co, int n, int j, int lo, int hi) {
    int[] row = a.colRow;
    float[] val = a.colVal;
    FloatVector c0 = FloatVector.zero(S);
    for (int u = lo; u < hi; u++) {
      c0 = FloatVector.fromArray(S, b, row[u] * n + j).fma(FloatVector.broadcast(S, val[u]), c0);
    }
    c0.intoArray(c, co + j);
  }

  /** Twelve vectors of C's row, columns {@code [j, j + 12V)}, summed in registers. */
  private static void panel12(
      SparseRows a, float[] b, float[] c, int co, int n, int j, int lo, int hi) {
    int[] row = a.colRow;
    float[] val = a.colVal;
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    FloatVector c7 = FloatVector.zero(S);
    FloatVector c8 = FloatVector.zero(S);
    FloatVector c9 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    for (int u = lo; u < hi; u++) {
      FloatVector av = FloatVector.broadcast(S, val[u]);
      int bo = row[u] * n + j;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0);
      c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2 * V).fma(av, c2);
      c3 = FloatVector.fromArray(S, b, bo + 3 * V).fma(av, c3);
      c4 = FloatVector.fromArray(S, b, bo + 4 * V).fma(av, c4);
      c5 = FloatVector.fromArray(S, b, bo + 5 * V).fma(av, c5);
      c6 = FloatVector.fromArray(S, b, bo + 6 * V).fma(av, c6);
      c7 = FloatVector.fromArray(S, b, bo + 7 * V).fma(av, c7);
      c8 = FloatVector.fromArray(S, b, bo + 8 * V).fma(av, c8);
      c9 = FloatVector.fromArray(S, b, bo + 9 * V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10 * V).fma(av, c10);
      c11 = FloatVector.fromArray(S, b, bo + 11 * V).fma(av, c11);
    }
    int o = co + j;
    c0.intoArray(c, o);
    c1.intoArray(c, o + V);
    c2.intoArray(c, o + 2 * V);
    c3.intoArray(c, o + 3 * V);
    c4.intoArray(c, o + 4 * V);
    c5.intoArray(c, o + 5 * V);
    c6.intoArray(c, o + 6 * V);
    c7.intoArray(c, o + 7 * V);
    c8.intoArray(c, o + 8 * V);
    c9.intoArray(c, o + 9 * V);
    c10.intoArray(c, o + 10 * V);
    c11.intoArray(c, o + 11 * V);
  }
}
