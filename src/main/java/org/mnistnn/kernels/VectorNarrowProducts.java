package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The second layer's products, whose outputs are narrow: {@code z2 = h1 · W2} with C (N × 10), one
 * vector and a bit per row. The general loops of {@link VectorMatmul} cover such a row with two
 * overlapping one-vector panels ({@code panel1} at columns 0 and {@code n − V}), each a separate
 * pass over the row's non-zeros; here both vectors are summed in the same pass, which halves the
 * loop control and the reads of the non-zero list.
 *
 * <p>Same result bit for bit as {@link VectorMatmul}: every column is the same chain of fused
 * multiply-adds over the same non-zeros in the same order, split into the same four partial sums
 * (term t of the list goes to sum {@code t mod 4}, the last {@code nz mod 4} terms to sum 0) and
 * added in the same order, {@code (s0 + s1) + (s2 + s3)}.
 */
final class VectorNarrowProducts {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  /** Per-thread lists of a row's non-zeros, grown on demand. */
  private static final ThreadLocal<Lists> LISTS = ThreadLocal.withInitial(Lists::new);

  private VectorNarrowProducts() {}

  /** Whether {@link #matmul} handles C's width {@code n}: at least one vector, less than two. */
  static boolean narrow(int n) {
    return n >= V && n < 2 * V;
  }

  /** {@code C = A · B}: A (m × k), B (k × n), C (m × n), with {@link #narrow}{@code (n)}. */
  static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    long work = (long) m * k * n;
    Parallel.forRows(m, work, (from, to) -> rows(a, k, b, c, n, from, to));
  }

  /** Rows {@code [from, to)} of {@code C = A · B}: A (rows × inner), B (inner × n). */
  private static void rows(float[] a, int inner, float[] b, float[] c, int n, int from, int to) {
    Lists s = LISTS.get();
    int[] idx = s.indices(inner + 8);
    for (int i = from; i < to; i++) {
      int ai = i * inner;
      int nz = listPositions(a, ai, inner, idx);
      row(a, ai, b, c, i * n, n, idx, nz);
    }
  }

  /**
   * Lists the positions of the non-zero entries of {@code a[off .. off+len)} in increasing order
   * into {@code idx}, which must have room for {@code len + 8}: {@link VectorMatmul#gatherRow}'s
   * list without the values, which the product reads from A itself (zeros and −0 left out, NaN
   * kept, as there). Eight entries at a time without a branch per entry: their non-zero pattern as
   * 8 bits picks a row of {@link #POSITIONS}, the positions of those bits, stored as one vector
   * (plus the chunk's start) at the end of the list, which then grows by the number of bits. ReLU's
   * output is about half zeros in no predictable pattern, so listing entry by entry cost more than
   * the multiply-adds it saves.
   *
   * @return how many are non-zero
   */
  static int listPositions(float[] a, int off, int len, int[] idx) {
    int nz = 0;
    int q = 0;
    for (; q <= len - 8; q += 8) {
      // |x| > 0 on the bits: +0 and −0 are zero, NaN is not, as for x != 0f.
      VectorMask<Integer> on =
          FloatVector.fromArray(F8, a, off + q)
              .reinterpretAsInts()
              .and(0x7fffffff)
              .compare(VectorOperators.NE, 0);
      int bits = IntVector.zero(I8).blend(LANE_BITS, on).reduceLanes(VectorOperators.OR);
      IntVector.fromArray(I8, POSITIONS, bits * 8).add(q).intoArray(idx, nz);
      nz += Integer.bitCount(bits);
    }
    for (; q < len; q++) {
      idx[nz] = q;
      nz += (a[off + q] != 0f) ? 1 : 0;
    }
    return nz;
  }

  /** Eight lanes, whatever the preferred size: {@link #POSITIONS} has a row per 8-bit pattern. */
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

  private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;

  /** Lane e holds bit e. */
  private static final IntVector LANE_BITS =
      IntVector.fromArray(I8, new int[] {1, 2, 4, 8, 16, 32, 64, 128}, 0);

  /** Row {@code bits}: the positions of the set bits of {@code bits}, increasing, then zeros. */
  private static final int[] POSITIONS = positions();

  private static int[] positions() {
    int[] p = new int[256 * 8];
    for (int bits = 0; bits < 256; bits++) {
      int n = 0;
      for (int e = 0; e < 8; e++) {
        if ((bits & (1 << e)) != 0) {
          p[bits * 8 + n++] = e;
        }
      }
    }
    return p;
  }

  /**
   * One row of C, {@code C[i, :] = Σ_t A[i, idx[t]] · B[idx[t], :]}, written from {@code c[ci]}:
   * columns {@code [0, V)} and {@code [n − V, n)} in one pass, four partial sums each.
   */
  private static void row(
      float[] a, int ai, float[] b, float[] c, int ci, int n, int[] idx, int nz) {
    int tail = n - V;
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector d0 = FloatVector.zero(S);
    FloatVector d1 = FloatVector.zero(S);
    FloatVector d2 = FloatVector.zero(S);
    FloatVector d3 = FloatVector.zero(S);
    int t = 0;
    for (; t + 3 < nz; t += 4) {
      FloatVector v0 = FloatVector.broadcast(S, a[ai + idx[t]]);
      FloatVector v1 = FloatVector.broadcast(S, a[ai + idx[t + 1]]);
      FloatVector v2 = FloatVector.broadcast(S, a[ai + idx[t + 2]]);
      FloatVector v3 = FloatVector.broadcast(S, a[ai + idx[t + 3]]);
      int b0 = idx[t] * n;
      int b1 = idx[t + 1] * n;
      int b2 = idx[t + 2] * n;
      int b3 = idx[t + 3] * n;
      c0 = FloatVector.fromArray(S, b, b0).fma(v0, c0);
      d0 = FloatVector.fromArray(S, b, b0 + tail).fma(v0, d0);
      c1 = FloatVector.fromArray(S, b, b1).fma(v1, c1);
      d1 = FloatVector.fromArray(S, b, b1 + tail).fma(v1, d1);
      c2 = FloatVector.fromArray(S, b, b2).fma(v2, c2);
      d2 = FloatVector.fromArray(S, b, b2 + tail).fma(v2, d2);
      c3 = FloatVector.fromArray(S, b, b3).fma(v3, c3);
      d3 = FloatVector.fromArray(S, b, b3 + tail).fma(v3, d3);
    }
    for (; t < nz; t++) {
      FloatVector v0 = FloatVector.broadcast(S, a[ai + idx[t]]);
      int b0 = idx[t] * n;
      c0 = FloatVector.fromArray(S, b, b0).fma(v0, c0);
      d0 = FloatVector.fromArray(S, b, b0 + tail).fma(v0, d0);
    }
    // The general loops store columns [0, V) first, then [n − V, n) over them (the same values).
    c0.add(c1).add(c2.add(c3)).intoArray(c, ci);
    d0.add(d1).add(d2.add(d3)).intoArray(c, ci + tail);
  }

  /** Work arrays of one thread. */
  private static final class Lists {
    private int[] idx = new int[0];

    int[] indices(int n) {
      if (idx.length < n) {
        idx = new int[n];
      }
      return idx;
    }
  }
}
