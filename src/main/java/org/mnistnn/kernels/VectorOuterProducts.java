package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = Aᵀ · B} as a sum of outer products:
 *
 * <pre>
 * C = Σ_r A[r, :]ᵀ ⊗ B[r, :]       A (m × k), B (m × n), C (k × n)
 * </pre>
 *
 * For each row r, a panel of B[r, :] is held in registers and added, scaled by each non-zero A[r,
 * p], into row p of C. With a batch of 16, a column of X has about three non-zeros, too few to fill
 * a register panel per row of C (as {@link VectorMatmul} does for large batches); here the 16 rows
 * of B are the long loops, and C (the size of W1, in L2) is read and written once per non-zero.
 * Each C[p, j] is summed over r in increasing order, as in the reference.
 */
final class VectorOuterProducts {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private VectorOuterProducts() {}

  /**
   * Columns {@code [j0, j1)} of C = Aᵀ · B ({@code j0} a multiple of the vector length); {@code
   * idx}, {@code val} are work arrays of length ≥ k, filled by {@code gather}.
   */
  static void matmulTransA(
      float[] a,
      float[] b,
      float[] c,
      int m,
      int k,
      int n,
      int j0,
      int j1,
      int[] idx,
      float[] val,
      VectorMatmul.RowGather gather) {
    for (int p = 0; p < k; p++) {
      java.util.Arrays.fill(c, p * n + j0, p * n + j1, 0f);
    }
    int body = j0 + S.loopBound(j1 - j0);
    for (int r = 0; r < m; r++) {
      int nz = gather.gather(a, r * k, k, idx, val);
      int bo = r * n;
      int j = j0;
      for (; j <= body - 12 * V; j += 12 * V) {
        panel12(b, c, bo, n, j, idx, val, nz);
      }
      for (; j < body; j += V) {
        panel1(b, c, bo, n, j, idx, val, nz);
      }
      for (; j < j1; j++) {
        float bj = b[bo + j];
        for (int t = 0; t < nz; t++) {
          c[idx[t] * n + j] += val[t] * bj;
        }
      }
    }
  }

  /** One vector of B's row r added into C's rows {@code idx[t]}, columns {@code [j, j + V)}. */
  private static void panel1(
      float[] b, float[] c, int bo, int n, int j, int[] idx, float[] val, int nz) {
    FloatVector b0 = FloatVector.fromArray(S, b, bo + j);
    for (int t = 0; t < nz; t++) {
      int co = idx[t] * n + j;
      b0.fma(FloatVector.broadcast(S, val[t]), FloatVector.fromArray(S, c, co)).intoArray(c, co);
    }
  }

  /** Twelve vectors of B's row r held in registers, added into C's rows {@code idx[t]}. */
  private static void panel12(
      float[] b, float[] c, int bo, int n, int j, int[] idx, float[] val, int nz) {
    FloatVector b0 = FloatVector.fromArray(S, b, bo + j);
    FloatVector b1 = FloatVector.fromArray(S, b, bo + j + V);
    FloatVector b2 = FloatVector.fromArray(S, b, bo + j + 2 * V);
    FloatVector b3 = FloatVector.fromArray(S, b, bo + j + 3 * V);
    FloatVector b4 = FloatVector.fromArray(S, b, bo + j + 4 * V);
    FloatVector b5 = FloatVector.fromArray(S, b, bo + j + 5 * V);
    FloatVector b6 = FloatVector.fromArray(S, b, bo + j + 6 * V);
    FloatVector b7 = FloatVector.fromArray(S, b, bo + j + 7 * V);
    FloatVector b8 = FloatVector.fromArray(S, b, bo + j + 8 * V);
    FloatVector b9 = FloatVector.fromArray(S, b, bo + j + 9 * V);
    FloatVector b10 = FloatVector.fromArray(S, b, bo + j + 10 * V);
    FloatVector b11 = FloatVector.fromArray(S, b, bo + j + 11 * V);
    for (int t = 0; t < nz; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]);
      int co = idx[t] * n + j;
      b0.fma(av, FloatVector.fromArray(S, c, co)).intoArray(c, co);
      b1.fma(av, FloatVector.fromArray(S, c, co + V)).intoArray(c, co + V);
      b2.fma(av, FloatVector.fromArray(S, c, co + 2 * V)).intoArray(c, co + 2 * V);
      b3.fma(av, FloatVector.fromArray(S, c, co + 3 * V)).intoArray(c, co + 3 * V);
      b4.fma(av, FloatVector.fromArray(S, c, co + 4 * V)).intoArray(c, co + 4 * V);
      b5.fma(av, FloatVector.fromArray(S, c, co + 5 * V)).intoArray(c, co + 5 * V);
      b6.fma(av, FloatVector.fromArray(S, c, co + 6 * V)).intoArray(c, co + 6 * V);
      b7.fma(av, FloatVector.fromArray(S, c, co + 7 * V)).intoArray(c, co + 7 * V);
      b8.fma(av, FloatVector.fromArray(S, c, co + 8 * V)).intoArray(c, co + 8 * V);
      b9.fma(av, FloatVector.fromArray(S, c, co + 9 * V)).intoArray(c, co + 9 * V);
      b10.fma(av, FloatVector.fromArray(S, c, co + 10 * V)).intoArray(c, co + 10 * V);
      b11.fma(av, FloatVector.fromArray(S, c, co + 11 * V)).intoArray(c, co + 11 * V);
    }
  }
}
