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

  /**
   * Rows of A and B per pass. Every row of Cᵀ is summed over one block of rows before the next
   * block, its sums carried through {@code ct} from one block to the next (a float stored and
   * loaded back, so the same floats as one pass): a block of A (64 rows of h1, 25 KB) is then read
   * from L1 by all n rows of Cᵀ, where one pass per row of Cᵀ read all of A (400 KB at batch 1024)
   * from L2 n times. Measured with the call alone (two builds in one JVM, 15 alternating rounds):
   * 127 → 79 µs at batch 1024 (0.64×), 18.8 → 16.5 µs at 128; batch 16, one block, unchanged.
   */
  static final int ROW_BLOCK = 64;

  /** Floats of work space {@link #matmulTransA} needs: Cᵀ, then a vector per row of it. */
  static int workSize(int k, int n) {
    return n * (k + V);
  }

  /** C (k × n) = Aᵀ · B, with {@code ct} ({@link #workSize} floats) as work space; k ≥ V. */
  static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n, float[] ct) {
    int fusedColumns = S.loopBound(n);
    int r0 = 0;
    do { // at least once: m = 0 gives zeros
      int r1 = Math.min(m, r0 + ROW_BLOCK);
      for (int j = 0; j < n; j++) {
        transposedRow(a, b, ct, r0, r1, k, n, j, j < fusedColumns);
      }
      r0 = r1;
    } while (r0 < m);
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < k; p++) {
        c[p * n + j] = ct[j * k + p];
      }
    }
  }

  /**
   * Row j of Cᵀ over rows {@code [r0, r1)} of A and B, continuing the sums in {@code ct} unless
   * {@code r0} is 0: in registers four vectors at a time, then one vector at a time, the last one
   * ending at k.
   */
  private static void transposedRow(
      float[] a, float[] b, float[] ct, int r0, int r1, int k, int n, int j, boolean fused) {
    int o = j * k;
    int body = S.loopBound(k);
    int p = 0;
    for (; p + 4 * V <= body; p += 4 * V) {
      FloatVector c0 = sums(ct, o + p, r0);
      FloatVector c1 = sums(ct, o + p + V, r0);
      FloatVector c2 = sums(ct, o + p + 2 * V, r0);
      FloatVector c3 = sums(ct, o + p + 3 * V, r0);
      for (int r = r0; r < r1; r++) {
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
      vectorSum(a, b, ct, o + p, r0, r1, k, n, j, p, fused).intoArray(ct, o + p);
    }
    if (p < k) {
      // The last k mod V entries: one more vector ending at k. Every lane is its own sum, computed
      // by the same operations wherever the vector starts, so the entries it shares with the
      // vector before get the same values again. Its sums carry over from block to block in a
      // place of their own after Cᵀ (the vector before has already moved the shared entries on
      // to this block's sums), and are stored into Cᵀ's row too.
      int carry = n * k + j * V;
      FloatVector t = vectorSum(a, b, ct, carry, r0, r1, k, n, j, k - V, fused);
      t.intoArray(ct, carry);
      t.intoArray(ct, o + k - V);
    }
  }

  /** The sums so far at {@code ct[i ..)}: zeros for the first block of rows. */
  private static FloatVector sums(float[] ct, int i, int r0) {
    return r0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, ct, i);
  }

  /**
   * Entries {@code [p, p + V)} of row j of Cᵀ, summed over rows {@code [r0, r1)} onto the sums at
   * {@code ct[from ..)} (zeros when {@code r0} is 0).
   */
  private static FloatVector vectorSum(
      float[] a,
      float[] b,
      float[] ct,
      int from,
      int r0,
      int r1,
      int k,
      int n,
      int j,
      int p,
      boolean fused) {
    FloatVector c0 = sums(ct, from, r0);
    for (int r = r0; r < r1; r++) {
      FloatVector a0 = FloatVector.fromArray(S, a, r * k + p);
      FloatVector brj = FloatVector.broadcast(S, b[r * n + j]);
      c0 = fused ? a0.fma(brj, c0) : c0.add(a0.mul(brj));
    }
    return c0;
  }
}
