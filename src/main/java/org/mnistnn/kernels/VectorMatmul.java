package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three matrix products of a training step, with the Vector API.
 *
 * <p>All three are reduced to one loop over the rows of the output:
 *
 * <pre>
 * C[i, :] = Σ_t val[t] · B[idx[t], :]       the non-zeros (idx, val) of row i of A
 * </pre>
 *
 * {@code X · W} lists the non-zeros of X's rows (or takes them from {@link SparseRows}); {@code dZ
 * · Wᵀ} multiplies by a small transposed copy of W; {@code Xᵀ · dZ} is computed a row of C at a
 * time from X's non-zeros listed by column ({@link VectorColumnProducts}).
 *
 * <p>Why this loop order:
 *
 * <ul>
 *   <li>The inner loop reads whole rows of B, contiguous, one vector at a time, and keeps a panel
 *       of C (up to twelve vectors, 96 floats with AVX2) in registers for the whole sum: C is
 *       written once and never read back, and each needed row of B (W1's rows in the forward pass)
 *       is streamed once per output row. Several independent accumulators per panel hide the
 *       4-cycle latency of fused multiply-add.
 *   <li>Only non-zero entries of A are used. MNIST pixels are about 80% zero and ReLU zeroes about
 *       half of the hidden units, so most rows of B are never touched; the reference loops skip the
 *       same zeros, so the result is the same up to the rounding of fused multiply-add.
 *   <li>A tail narrower than a vector is done with one more full vector that overlaps the previous
 *       one ({@code width − V}). After a twelve-vector panel (the hidden layer's 100 = 96 + 4) it
 *       is a thirteenth sum in the same pass, one chain like the others, so every column of the row
 *       is one chain of fused multiply-adds in the list's order. Otherwise it is a pass of its own,
 *       written last, which like every one-vector panel sums its terms in four interleaved chains,
 *       so the columns it overlaps take its values, which may differ in the last bits from the
 *       single chain that wrote them first. Deterministic either way (SparseMatmulRoundingTest
 *       models the exact order). Only when the whole row is narrower than a vector do scalar loops
 *       run.
 *   <li>Large {@code X · W} and {@code dZ · Wᵀ} are split by output rows over the cores ({@link
 *       Parallel}); every row is computed the same way on any thread, so results do not depend on
 *       the split.
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
    Parallel.forRows(m, work, (from, to) -> byRows(a, k, b, c, n, from, to));
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
    Parallel.forRows(m, work, (from, to) -> byRows(a, n, bt, c, k, from, to));
  }

  /**
   * {@code C = Aᵀ · B}: A (m × k), B (m × n), C (k × n): A's non-zeros are listed (per thread work
   * space), then {@link #sparseMatmulTransA}.
   */
  static void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    if (n < 2 * V && k >= V) {
      VectorNarrowTransA.matmulTransA(
          a, b, c, m, k, n, SCRATCH.get().transposed(VectorNarrowTransA.workSize(k, n)));
      return;
    }
    SparseRows rows = SCRATCH.get().rows;
    listNonZeros(a, m, k, rows);
    sparseMatmulTransA(rows, b, c, n);
  }

  /** Lists the non-zeros of A (m × k) row by row ({@link #gatherRow} on each row). */
  static void listNonZeros(float[] a, int m, int k, SparseRows out) {
    out.reset(m, k);
    int nz = 0;
    for (int i = 0; i < m; i++) {
      out.roomForRow(nz);
      nz += gatherRow(a, i * k, k, out.col, out.val, nz);
      out.rowStart[i + 1] = nz;
    }
  }

  /** {@code C = A · B}: A (m × k) by its non-zeros, B (k × n), C (m × n), split by rows. */
  static void sparseMatmul(SparseRows a, float[] b, float[] c, int n) {
    long work = (long) a.nonZeros() * n;
    Parallel.forRows(
        a.m,
        work,
        (from, to) -> {
          for (int i = from; i < to; i++) {
            row(b, c, i * n, n, a.col, a.val, a.rowStart[i], a.rowStart[i + 1]);
          }
        });
  }

  /**
   * {@code C = Aᵀ · B}: A (m × k) by its non-zeros, B (m × n), C (k × n), one row of C per column
   * of A ({@link VectorColumnProducts}); rows of C are independent, so large products are split.
   */
  static void sparseMatmulTransA(SparseRows a, float[] b, float[] c, int n) {
    a.listColumns();
    long work = (long) a.nonZeros() * n;
    Parallel.forRows(a.k, work, (from, to) -> VectorColumnProducts.rows(a, b, c, n, from, to));
  }

  /**
   * Whether every column of a row of {@code C = A · B} with rows of {@code n} is one fused
   * multiply-add chain over the row's non-zeros in order: whole twelve-vector panels, the last one
   * perhaps with a tail narrower than a vector summed in its pass ({@link #panel12Tail}). Then a
   * product can be computed in parts over consecutive ranges of A's columns, each part continuing
   * the chains where the one before left them ({@link #sparseMatmulPart}), with the same floats.
   */
  static boolean chainsOnly(int n) {
    if (n < 12 * V) {
      return false;
    }
    int r = n % (12 * V);
    return r == 0 || r < V;
  }

  /**
   * Part of {@code C = A · B} ({@link #sparseMatmul}), over the non-zeros of A in columns {@code
   * [fromCol, toCol)} only: C's rows are set to these sums, or, if {@code continuing}, the sums go
   * on from C's values. With {@link #chainsOnly}{@code (n)}, parts over consecutive column ranges,
   * the first not continuing and the others continuing, give exactly the floats of {@link
   * #sparseMatmul}, so two threads can each sum the rows of B that they keep in their own cache,
   * one after the other. On the calling thread only. A's rows must list their columns in increasing
   * order, as every listing here does.
   */
  static void sparseMatmulPart(
      SparseRows a, float[] b, float[] c, int n, int fromCol, int toCol, boolean continuing) {
    if (!chainsOnly(n)) {
      throw new IllegalArgumentException("rows of " + n + " are not summed in single chains");
    }
    for (int i = 0; i < a.m; i++) {
      int lo = firstAtLeast(a.col, a.rowStart[i], a.rowStart[i + 1], fromCol);
      int hi = firstAtLeast(a.col, lo, a.rowStart[i + 1], toCol);
      int ci = i * n;
      for (int j = 0; j <= n - 12 * V; j += 12 * V) {
        int rest = n - j - 12 * V;
        if (rest > 0 && rest < V) {
          panel12Tail(b, c, ci, n, j, a.col, a.val, lo, hi, continuing);
          break;
        }
        panel12(b, c, ci, n, j, a.col, a.val, lo, hi, continuing);
      }
    }
  }

  /** The first index in {@code [lo, hi)} whose {@code col} is at least {@code v}, else hi. */
  private static int firstAtLeast(int[] col, int lo, int hi, int v) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (col[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * A panel's sum at the start: zero, or the partial sum already in C. Without a branch: C is read
   * either way and its lanes kept or not, so that the JIT compiler, which sees only whole products
   * (never continuing) until a run starts splitting them, does not compile the other way as a trap
   * that then costs a deoptimisation and a slow recompilation of the kernel in the middle of
   * training.
   */
  private static FloatVector start(float[] c, int o, boolean continuing) {
    return FloatVector.zero(S).blend(FloatVector.fromArray(S, c, o), S.maskAll(continuing));
  }

  /** Rows {@code [from, to)} of {@code C = A · B}: A (rows × inner), B (inner × width). */
  private static void byRows(
      float[] a, int inner, float[] b, float[] c, int width, int from, int to) {
    Scratch s = SCRATCH.get();
    int[] idx = s.indices(inner);
    float[] val = s.values(inner);
    for (int i = from; i < to; i++) {
      int nz = gatherRow(a, i * inner, inner, idx, val);
      row(b, c, i * width, width, idx, val, 0, nz);
    }
  }

  /**
   * One row of C: {@code C[i, :] = Σ_t val[t] · B[idx[t], :]} for t in {@code [lo, hi)}, written
   * from {@code c[ci]} on. Widest panels first. A tail narrower than a vector is one more full
   * vector ending at the row's end: summed in the same pass as the last twelve vectors when it
   * follows them ({@link #panel12Tail}, the hidden layer's case), otherwise in a pass of its own
   * and written last (it wins on the columns it overlaps).
   */
  private static void row(
      float[] b, float[] c, int ci, int width, int[] idx, float[] val, int lo, int hi) {
    if (width < V) {
      narrowRow(b, c, ci, width, idx, val, lo, hi);
      return;
    }
    int j = 0;
    for (; j <= width - 12 * V; j += 12 * V) {
      if (width - j - 12 * V > 0 && width - j - 12 * V < V) {
        panel12Tail(b, c, ci, width, j, idx, val, lo, hi, false);
        return;
      }
      panel12(b, c, ci, width, j, idx, val, lo, hi, false);
    }
    for (; j <= width - 8 * V; j += 8 * V) {
      panel8(b, c, ci, width, j, idx, val, lo, hi);
    }
    if (j <= width - 4 * V) {
      panel4(b, c, ci, width, j, idx, val, lo, hi);
      j += 4 * V;
    }
    for (; j <= width - V; j += V) {
      panel1(b, c, ci, width, j, idx, val, lo, hi);
    }
    if (j < width) {
      panel1(b, c, ci, width, width - V, idx, val, lo, hi);
    }
  }

  /**
   * Lists the non-zero entries of {@code a[off .. off+len)}: positions in {@code idx}, values in
   * {@code val}. Whole vectors of zeros (most of an MNIST image) are skipped with one compare;
   * inside a vector that holds ink, the list grows without branches (every entry is written, the
   * count only moves on for non-zeros), because zeros and ink alternate unpredictably there.
   *
   * @return how many are non-zero
   */
  static int gatherRow(float[] a, int off, int len, int[] idx, float[] val) {
    return gatherRow(a, off, len, idx, val, 0);
  }

  /**
   * As {@link #gatherRow(float[], int, int, int[], float[])}, writing the list from {@code base}
   * on; it may write one slot past the entries it keeps.
   *
   * @return how many are non-zero
   */
  static int gatherRow(float[] a, int off, int len, int[] idx, float[] val, int base) {
    int nz = base;
    int q = 0;
    for (; q <= len - V; q += V) {
      if (FloatVector.fromArray(S, a, off + q).compare(VectorOperators.NE, 0f).anyTrue()) {
        for (int e = q; e < q + V; e++) {
          float v = a[off + e];
          idx[nz] = e;
          val[nz] = v;
          nz += (v != 0f) ? 1 : 0;
        }
      }
    }
    for (; q < len; q++) {
      float v = a[off + q];
      idx[nz] = q;
      val[nz] = v;
      nz += (v != 0f) ? 1 : 0;
    }
    return nz - base;
  }

  /**
   * Twelve vectors of C's row, columns {@code [j, j + 12V)} (96 with AVX2, nearly all of the hidden
   * layer's 100): one pass over the non-zero list reads each needed row of B once, as one
   * contiguous run, and uses 12 of the 16 vector registers for the sums.
   */
  private static void panel12(
      float[] b,
      float[] c,
      int ci,
      int width,
      int j,
      int[] idx,
      float[] val,
      int lo,
      int hi,
      boolean continuing) {
    int o = ci + j;
    FloatVector c0 = start(c, o, continuing);
    FloatVector c1 = start(c, o + V, continuing);
    FloatVector c2 = start(c, o + 2 * V, continuing);
    FloatVector c3 = start(c, o + 3 * V, continuing);
    FloatVector c4 = start(c, o + 4 * V, continuing);
    FloatVector c5 = start(c, o + 5 * V, continuing);
    FloatVector c6 = start(c, o + 6 * V, continuing);
    FloatVector c7 = start(c, o + 7 * V, continuing);
    FloatVector c8 = start(c, o + 8 * V, continuing);
    FloatVector c9 = start(c, o + 9 * V, continuing);
    FloatVector c10 = start(c, o + 10 * V, continuing);
    FloatVector c11 = start(c, o + 11 * V, continuing);
    for (int t = lo; t < hi; t++) {
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
      c8 = FloatVector.fromArray(S, b, bo + 8 * V).fma(av, c8);
      c9 = FloatVector.fromArray(S, b, bo + 9 * V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10 * V).fma(av, c10);
      c11 = FloatVector.fromArray(S, b, bo + 11 * V).fma(av, c11);
    }
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

  /**
   * The row's last twelve vectors, columns {@code [j, j + 12V)}, and the part of one more vector
   * past them (the hidden layer's 100 = 12 · 8 + 4), in one pass: thirteen sums in registers, the
   * thirteenth a whole vector ending at the row's end. Every column is one fused multiply-add chain
   * over the non-zeros in order, so where the last vector overlaps the twelfth their lanes hold the
   * same floats. Before, the last vector was a second pass over the list in four short chains:
   * {@code bench/probes/FwdTail.java} on real batch-16 lists, 30 rounds in one JVM, took 14.3 µs a
   * batch this way against 17.6 (0.81×); the twelve vectors alone took 14.4.
   */
  private static void panel12Tail(
      float[] b,
      float[] c,
      int ci,
      int width,
      int j,
      int[] idx,
      float[] val,
      int lo,
      int hi,
      boolean continuing) {
    int tj = width - V - j; // the last vector's offset from j
    int o = ci + j;
    FloatVector c0 = start(c, o, continuing);
    FloatVector c1 = start(c, o + V, continuing);
    FloatVector c2 = start(c, o + 2 * V, continuing);
    FloatVector c3 = start(c, o + 3 * V, continuing);
    FloatVector c4 = start(c, o + 4 * V, continuing);
    FloatVector c5 = start(c, o + 5 * V, continuing);
    FloatVector c6 = start(c, o + 6 * V, continuing);
    FloatVector c7 = start(c, o + 7 * V, continuing);
    FloatVector c8 = start(c, o + 8 * V, continuing);
    FloatVector c9 = start(c, o + 9 * V, continuing);
    FloatVector c10 = start(c, o + 10 * V, continuing);
    FloatVector c11 = start(c, o + 11 * V, continuing);
    FloatVector ct = start(c, o + tj, continuing);
    for (int t = lo; t < hi; t++) {
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
      c8 = FloatVector.fromArray(S, b, bo + 8 * V).fma(av, c8);
      c9 = FloatVector.fromArray(S, b, bo + 9 * V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10 * V).fma(av, c10);
      c11 = FloatVector.fromArray(S, b, bo + 11 * V).fma(av, c11);
      ct = FloatVector.fromArray(S, b, bo + tj).fma(av, ct);
    }
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
    ct.intoArray(c, o + tj);
  }

  /**
   * Eight vectors of C's row, columns {@code [j, j + 8V)}, summed in registers: eight independent
   * fused multiply-add chains, enough to hide the FMA latency (4 cycles, 2 per cycle issued).
   */
  private static void panel8(
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    FloatVector c7 = FloatVector.zero(S);
    for (int t = lo; t < hi; t++) {
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
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector d0 = FloatVector.zero(S);
    FloatVector d1 = FloatVector.zero(S);
    FloatVector d2 = FloatVector.zero(S);
    FloatVector d3 = FloatVector.zero(S);
    int t = lo;
    for (; t + 1 < hi; t += 2) {
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
    if (t < hi) {
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
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    int t = lo;
    for (; t + 3 < hi; t += 4) {
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
    for (; t < hi; t++) {
      c0 =
          FloatVector.fromArray(S, b, idx[t] * width + j).fma(FloatVector.broadcast(S, val[t]), c0);
    }
    c0.add(c1).add(c2.add(c3)).intoArray(c, ci + j);
  }

  /** A row narrower than one vector: plain loops. */
  private static void narrowRow(
      float[] b, float[] c, int ci, int width, int[] idx, float[] val, int lo, int hi) {
    for (int j = 0; j < width; j++) {
      float sum = 0f;
      for (int t = lo; t < hi; t++) {
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
    final SparseRows rows = new SparseRows();

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
