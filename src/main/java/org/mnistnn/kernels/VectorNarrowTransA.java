package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = Aᵀ · B} when C is narrow (fewer than two vectors wide), like {@code dW2 = h1ᵀ · dz2}
 * (100 × 10): a row of C would be one vector and a few scalars, so the work is done on the
 * transpose instead, vectorised along A's rows:
 *
 * <pre>
 * Cᵀ[j, :] = Σ_r B[r, j] · A[r, :]      A (m × k), B (m × n), Cᵀ (n × k), then C = (Cᵀ)ᵀ
 * </pre>
 *
 * Each C[p, j] sums the same terms in the same order as the wide kernel ({@link
 * VectorColumnProducts}), r increasing from 0, fused multiply-add for the columns j of C that the
 * wide kernel covers with whole vectors and multiply then add for the rest; the zeros of A it does
 * not skip add exact zeros. So the result is the same bit for bit, without listing A's non-zeros
 * (h1 is about half non-zero).
 */
final class VectorNarrowTransA {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private VectorNarrowTransA() {}

  /** C (k × n) = Aᵀ · B, with {@code ct} (≥ n·k floats) as work space for Cᵀ; k ≥ V. */
  static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n, float[] ct) {
    int fusedColumns = S.loopBound(n);
    for (int j = 0; j < n; j++) {
      transposedRow(a, b, ct, m, k, n, j, j < fusedColumns);
    }
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        c[p * n + j] = ct[j * k + p];
      }
    }
  }

  /**
   * Row j of Cᵀ, summed in registers four vectors at a time, then one vector at a time, the last
   * one ending at k.
   */
  private static void transposedRow(
      float[] a, float[] b, float[] ct, int m, int k, int n, int j, boolean fused) {
    int o = j * k;
    int body = S.loopBound(k);
    int p = 0;
    for (; p + 4 * V <= body; p += 4 * V) {
      FloatVector c0 = FloatVector.zero(S);
      FloatVector c1 = FloatVector.zero(S);
      FloatVector c2 = FloatVector.zero(S);
      FloatVector c3 = FloatVector.zero(S);
      for (int r = 0; r < m; r++) {
        FloatVector brj = FloatVector.broadcast(S, b[r * n + j]);
        int ao = r * k + p;
        FloatVector a0 = FloatVector.fromArray(S, a, ao);
        FloatVector a1 = FloatVector.fromArray(S, a, ao + V);
        FloatVector a2 = FloatVector.fromArray(S, a, ao + 2 * V);
        FloatVector a3 = FloatVector.fromArray(S, a, ao + 3 * V);
        if (fused) {
          c0 = a0.fma(brj, c0);
          c1 = a1.fma(brj, c1);
          c2 = a2.fma(brj, c2);
          c3 = a3.fma(brj, c3);
        } else {
          c0 = c0.add(a0.mul(brj));
          c1 = c1.add(a1.mul(brj));
          c2 = c2.add(a2.mul(brj));
          c3 = c3.add(a3.mul(brj));
        }
      }
      c0.intoArray(ct, o + p);
      c1.intoArray(ct, o + p + V);
      c2.intoArray(ct, o + p + 2 * V);
      c3.intoArray(ct, o + p + 3 * V);
    }
    for (; p < body; p += V) {
      vectorColumn(a, b, ct, m, k, n, j, p, fused);
    }
    if (p < k) {
      // The last k mod V entries: one more vector ending at k. Every lane is its own sum, computed
      // by the same operations wherever the vector starts, so the entries it shares with the
      // vector before get the same values again.
      vectorColumn(a, b, ct, m, k, n, j, k - V, fused);
    }
  }

  /** Entries {@code [p, p + V)} of row j of Cᵀ. */
  private static void vectorColumn(
      float[] a, float[] b, float[] ct, int m, int k, int n, int j, int p, boolean fused) {
    FloatVector c0 = FloatVector.zero(S);
    for (int r = 0; r < m; r++) {
      FloatVector a0 = FloatVector.fromArray(S, a, r * k + p);
      FloatVector brj = FloatVector.broadcast(S, b[r * n + j]);
      c0 = fused ? a0.fma(brj, c0) : c0.add(a0.mul(brj));
    }
    c0.intoArray(ct, j * k + p);
  }
}
