package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three matrix products of a training step, with the Vector API.
 *
 * <p>All three are reduced to one loop, the "row stream":
 *
 * <pre>
 * C[i, :] = Σ_q A[i, q] · B[q, :]        A (rows × inner), B (inner × width), C (rows × width)
 * </pre>
 *
 * where A is read through strides, so {@code X · W} (A = X), {@code Xᵀ · dZ} (A = Xᵀ, read down X's
 * columns, no copy) and {@code dZ · Wᵀ} (B = Wᵀ, a small transposed copy) all share it.
 *
 * <p>Why this loop order:
 *
 * <ul>
 *   <li>The inner loop reads whole rows of B, contiguous, one vector at a time, and keeps a panel
 *       of C (four vectors wide) in registers for the whole sum over q: C is written once, never
 *       read back, and B's rows (W1's rows in the forward pass) stream through the cache in order.
 *   <li>Before the sum, the non-zero entries of the row A[i, :] are gathered into a short list
 *       (without branches). MNIST pixels are about 80% zero and ReLU zeroes about half the hidden
 *       units, so most rows of B are never touched; the reference loops skip the same zeros, so the
 *       result is the same up to the rounding of fused multiply-add.
 *   <li>A tail narrower than a vector is done with one more full vector that overlaps the previous
 *       one ({@code width − V}): overlapping columns get the same value twice, since each column is
 *       summed in the same order. Only when the whole row is narrower than a vector do scalar loops
 *       run.
 * </ul>
 */
final class VectorMatmul {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  /** Per-thread work arrays, grown on demand, so the kernels do not allocate in steady state. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorMatmul() {}

  /** Bits of the vectors in use (256 with AVX2). */
  static int vectorBits() {
    return S.vectorBitSize();
  }

  /** {@code C = A · B}: A (m × k), B (k × n), C (m × n). */
  static void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    long work = (long) m * k * n;
    Parallel.forRows(m, work, (from, to) -> rowStream(a, k, 1, k, b, c, n, from, to));
  }

  /** {@code C = Aᵀ · B}: A (m × k), B (m × n), C (k × n); row p of C reads column p of A. */
  static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    long work = (long) m * k * n;
    Parallel.forRows(k, work, (from, to) -> rowStream(a, 1, k, m, b, c, n, from, to));
  }

  /** {@code C = A · Bᵀ}: A (m × n), B (k × n), C (m × k), via a transposed copy of B (n × k). */
  static void matmulTransB(float[] a, float[] b, float[] c, int m, int n, int k) {
    float[] bt = SCRATCH.get().transposed(n * k);
    for (int p = 0; p < k; p++) {
      for (int j = 0; j < n; j++) {
        bt[j * k + p] = b[p * n + j];
      }
    }
    long work = (long) m * k * n;
    Parallel.forRows(m, work, (from, to) -> rowStream(a, n, 1, n, bt, c, k, from, to));
  }

  /**
   * Rows {@code [from, to)} of {@code C = A · B} where {@code A[i, q] = a[i·rs + q·cs]} (rows ×
   * inner), B (inner × width) and C (rows × width).
   */
  private static void rowStream(
      float[] a, int rs, int cs, int inner, float[] b, float[] c, int width, int from, int to) {
    Scratch s = SCRATCH.get();
    int[] idx = s.indices(inner);
    float[] val = s.values(inner);
    for (int i = from; i < to; i++) {
      int nz = gatherNonZeros(a, i * rs, cs, inner, idx, val);
      int ci = i * width;
      if (width < V) {
        narrowRow(b, c, ci, width, idx, val, nz);
        continue;
      }
      int j = 0;
      for (; j <= width - 8 * V; j += 8 * V) {
        panel8(b, c, ci, width, j, idx, val, nz);
      }
      if (j <= width - 4 * V) {
        panel4(b, c, ci, width, j, idx, val, nz);
        j += 4 * V;
      }
      for (; j <= width - V; j += V) {
        panel1(b, c, ci, width, j, idx, val, nz);
      }
      if (j < width) {
        // The last, partial vector: recompute the full vector ending at the row's end.
        panel1(b, c, ci, width, width - V, idx, val, nz);
      }
    }
  }

  /**
   * Lists the non-zero entries of {@code a[off + q·stride]}, q in {@code [0, len)}: indices in
   * {@code idx}, values in {@code val}. Branch-free (every entry is written, the count only moves
   * on for non-zeros), because zeros come in unpredictable runs.
   *
   * @return how many are non-zero
   */
  private static int gatherNonZeros(
      float[] a, int off, int stride, int len, int[] idx, float[] val) {
    int nz = 0;
    for (int q = 0, o = off; q < len; q++, o += stride) {
      float v = a[o];
      idx[nz] = q;
      val[nz] = v;
      nz += (v != 0f) ? 1 : 0;
    }
    return nz;
  }

  /**
   * Eight vectors of C's row, columns {@code [j, j + 8V)}, summed in registers: eight independent
   * fused multiply-add chains, enough to hide the FMA latency (4 cycles, 2 per cycle issued).
   */
  private static void panel8(
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int nz) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    FloatVector c7 = FloatVector.zero(S);
    for (int t = 0; t < nz; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]);
      int bo = idx[t] * width + j;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0);
      c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2 * V).fma(av, c2);
      c3 = FloatVector.fromArray(S, b, bo + 3 * V).fma(av, c3);
      c4 = FloatVector.fromArray(S, b, bo + 4 * V).fma(av, c4);
      c5 = FloatVector.fromArray(S, b, bo + 5 * V).fma(av, c5);
      c6 = FloatVector.fromArray(S, b, bo + 6 * V).fma(av, c6);
      c7 = FloatVector.fromArray(S, b, bo + 7 * V).fma(av, c7);
    }
    int o = ci + j;
    c0.intoArray(c, o);
    c1.intoArray(c, o + V);
    c2.intoArray(c, o + 2 * V);
    c3.intoArray(c, o + 3 * V);
    c4.intoArray(c, o + 4 * V);
    c5.intoArray(c, o + 5 * V);
    c6.intoArray(c, o + 6 * V);
    c7.intoArray(c, o + 7 * V);
  }

  /**
   * Four vectors of C's row, columns {@code [j, j + 4V)}: even and odd terms of the sum go to two
   * sets of accumulators (eight chains) that are added at the end.
   */
  private static void panel4(
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int nz) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector d0 = FloatVector.zero(S);
    FloatVector d1 = FloatVector.zero(S);
    FloatVector d2 = FloatVector.zero(S);
    FloatVector d3 = FloatVector.zero(S);
    int t = 0;
    for (; t + 1 < nz; t += 2) {
      FloatVector av = FloatVector.broadcast(S, val[t]);
      FloatVector aw = FloatVector.broadcast(S, val[t + 1]);
      int bo = idx[t] * width + j;
      int bp = idx[t + 1] * width + j;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0);
      c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2 * V).fma(av, c2);
      c3 = FloatVector.fromArray(S, b, bo + 3 * V).fma(av, c3);
      d0 = FloatVector.fromArray(S, b, bp).fma(aw, d0);
      d1 = FloatVector.fromArray(S, b, bp + V).fma(aw, d1);
      d2 = FloatVector.fromArray(S, b, bp + 2 * V).fma(aw, d2);
      d3 = FloatVector.fromArray(S, b, bp + 3 * V).fma(aw, d3);
    }
    if (t < nz) {
      FloatVector av = FloatVector.broadcast(S, val[t]);
      int bo = idx[t] * width + j;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0);
      c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2 * V).fma(av, c2);
      c3 = FloatVector.fromArray(S, b, bo + 3 * V).fma(av, c3);
    }
    int o = ci + j;
    c0.add(d0).intoArray(c, o);
    c1.add(d1).intoArray(c, o + V);
    c2.add(d2).intoArray(c, o + 2 * V);
    c3.add(d3).intoArray(c, o + 3 * V);
  }

  /** One vector of C's row, columns {@code [j, j + V)}: four partial sums, for the same reason. */
  private static void panel1(
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int nz) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    int t = 0;
    for (; t + 3 < nz; t += 4) {
      c0 =
          FloatVector.fromArray(S, b, idx[t] * width + j).fma(FloatVector.broadcast(S, val[t]), c0);
      c1 =
          FloatVector.fromArray(S, b, idx[t + 1] * width + j)
              .fma(FloatVector.broadcast(S, val[t + 1]), c1);
      c2 =
          FloatVector.fromArray(S, b, idx[t + 2] * width + j)
              .fma(FloatVector.broadcast(S, val[t + 2]), c2);
      c3 =
          FloatVector.fromArray(S, b, idx[t + 3] * width + j)
              .fma(FloatVector.broadcast(S, val[t + 3]), c3);
    }
    for (; t < nz; t++) {
      c0 =
          FloatVector.fromArray(S, b, idx[t] * width + j).fma(FloatVector.broadcast(S, val[t]), c0);
    }
    c0.add(c1).add(c2.add(c3)).intoArray(c, ci + j);
  }

  /** A row narrower than one vector: plain loops. */
  private static void narrowRow(
      float[] b, float[] c, int ci, int width, int[] idx, float[] val, int nz) {
    for (int j = 0; j < width; j++) {
      float sum = 0f;
      for (int t = 0; t < nz; t++) {
        sum += val[t] * b[idx[t] * width + j];
      }
      c[ci + j] = sum;
    }
  }

  /** Work arrays of one thread. */
  private static final class Scratch {
    private int[] idx = new int[0];
    private float[] val = new float[0];
    private float[] bt = new float[0];

    int[] indices(int n) {
      if (idx.length < n) {
        idx = new int[n];
      }
      return idx;
    }

    float[] values(int n) {
      if (val.length < n) {
        val = new float[n];
      }
      return val;
    }

    float[] transposed(int n) {
      if (bt.length < n) {
        bt = new float[n];
      }
      return bt;
    }
  }
}
