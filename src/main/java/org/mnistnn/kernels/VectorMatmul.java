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
 *       one ({@code width − V}): overlapping columns get the same value twice, since each column is
 *       summed in the same order. Only when the whole row is narrower than a vector do scalar loops
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
      VectorNarrowTransA.matmulTransA(a, b, c, m, k, n, SCRATCH.get().transposed(n * k));
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

  /**
   * {@code C = A · B}: A (m × k) by its non-zeros, B (k × n), C (m × n), split by rows: pixel-major
   * ({@link #byPixels}) when C is at least a vector wide, else row by row ({@link #row}). Both give
   * the same floats.
   */
  static void sparseMatmul(SparseRows a, float[] b, float[] c, int n) {
    long work = (long) a.nonZeros() * n;
    if (n < V) {
      sparseMatmulByRows(a, b, c, n);
      return;
    }
    if (a.m <= BLOCK && work < Parallel.minParallelWork) {
      // one block (a training batch): the column lists are the ones dW1 = xᵀ·dz1 uses next
      a.listColumns();
      byPixels(a, a.colStart, a.colRow, a.colVal, 0, a.m, b, c, n, SCRATCH.get());
      return;
    }
    Parallel.forRows(
        a.m,
        work,
        (from, to) -> {
          Scratch s = SCRATCH.get();
          for (int r0 = from; r0 < to; r0 += BLOCK) {
            int r1 = Math.min(to, r0 + BLOCK);
            s.listColumns(a, r0, r1);
            byPixels(a, s.colStart, s.colRow, s.colVal, r0, r1, b, c, n, s);
          }
        });
  }

  /**
   * {@code C = A · B} row by row ({@link #row} on each row of A's list): the order {@link
   * #sparseMatmul} used before {@link #byPixels}; kept as the same-floats reference in tests.
   */
  static void sparseMatmulByRows(SparseRows a, float[] b, float[] c, int n) {
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
   * Rows per block of {@link #byPixels}: the block's rows of C (and the tail sums) stay in L1 while
   * the needed rows of B stream through once per block.
   */
  static final int BLOCK = Integer.getInteger("mnistnn.fwdBlock", 32);

  /** The tail vectors' terms of one column p of A (B's row at {@code bo}): see {@link #byPixels}. */
  private static void tailTerms(
      int[] colRow,
      float[] colVal,
      int lo,
      int hi,
      float[] b,
      int bo,
      int r0,
      int nt,
      int[] tailAt,
      int[] tailChains,
      int tailStride,
      float[] acc,
      Scratch s) {
    int[] seen = s.seen;
    int[] even2 = s.even2;
    int[] even4 = s.even4;
    for (int u = lo; u < hi; u++) {
      FloatVector av = FloatVector.broadcast(S, colVal[u]);
      int li = colRow[u] - r0;
      int t = seen[li]++;
      int chain4 = t < even4[li] ? (t & 3) : 0;
      int chain2 = t < even2[li] ? (t & 1) : 0;
      int ao = li * tailStride;
      for (int e = 0; e < nt; e++, ao += 4 * V) {
        int x = ao + (tailChains[e] == 4 ? chain4 : chain2) * V;
        FloatVector.fromArray(S, b, bo + tailAt[e])
            .fma(av, FloatVector.fromArray(S, acc, x))
            .intoArray(acc, x);
      }
    }
  }

  /**
   * Columns of a row of C that {@link #row} sums in a single fused multiply-add chain each (its
   * twelve- and eight-vector panels): a multiple of 4V.
   */
  private static int chainedWidth(int width) {
    int j = 0;
    for (; j <= width - 12 * V; j += 12 * V) {}
    for (; j <= width - 8 * V; j += 8 * V) {}
    return j;
  }

  /**
   * Rows {@code [r0, r1)} of {@code C = A · B}, pixel-major: for each column p of A (an input
   * pixel) that has non-zeros in these rows, row p of B is read once and added, times each entry,
   * into the rows of C that have ink at p. Given A's block listed by columns ({@code colStart,
   * colRow, colVal}, rows ascending in each column).
   *
   * <p>The same floats as {@link #row}: each row of C is summed over its non-zeros in ascending
   * column order from zero, so the columns {@link #row} sums in one chain ({@link #chainedWidth})
   * get the same fused multiply-adds in the same order, accumulated in C itself. The columns past
   * those, which {@link #row} sums in two (a four-vector panel) or four (one-vector panels)
   * interleaved chains, keep the same chains per row in scratch: the t-th non-zero of a row (t from
   * 0, of nnz) goes to chain {@code t mod chains} while {@code t < chains·⌊nnz/chains⌋}, the rest to
   * chain 0; they are combined as {@link #row} does and written last, in {@link #row}'s order, so
   * the overlapping final vector overwrites the same columns.
   */
  private static void byPixels(
      SparseRows a,
      int[] colStart,
      int[] colRow,
      float[] colVal,
      int r0,
      int r1,
      float[] b,
      float[] c,
      int n,
      Scratch s) {
    int k = a.k;
    int seq = chainedWidth(n);
    int rows = r1 - r0;
    // the vectors past the single-chain columns, in row()'s order: offset and number of chains
    int[] tailAt = s.tailAt;
    int[] tailChains = s.tailChains;
    int nt = 0;
    int j = seq;
    if (j <= n - 4 * V) {
      for (int e = 0; e < 4; e++, j += V) {
        tailAt[nt] = j;
        tailChains[nt++] = 2;
      }
    }
    for (; j <= n - V; j += V) {
      tailAt[nt] = j;
      tailChains[nt++] = 4;
    }
    if (j < n) {
      tailAt[nt] = n - V;
      tailChains[nt++] = 4;
    }
    int tailStride = nt * 4 * V; // floats of tail sums per row
    float[] acc = s.tailSums(rows * tailStride);
    int[] seen = s.seen(rows);
    int[] even2 = s.even2(rows);
    int[] even4 = s.even4(rows);
    for (int li = 0; li < rows; li++) {
      int nnz = a.rowStart[r0 + li + 1] - a.rowStart[r0 + li];
      seen[li] = 0;
      even2[li] = nnz & ~1;
      even4[li] = nnz & ~3;
    }
    java.util.Arrays.fill(acc, 0, rows * tailStride, 0f);
    java.util.Arrays.fill(c, r0 * n, r1 * n, 0f);
    for (int p = 0; p < k; p++) {
      int lo = colStart[p];
      int hi = colStart[p + 1];
      if (lo == hi) {
        continue;
      }
      int bo = p * n;
      for (int q = 0; q < seq; q += 4 * V) {
        FloatVector b0 = FloatVector.fromArray(S, b, bo + q);
        FloatVector b1 = FloatVector.fromArray(S, b, bo + q + V);
        FloatVector b2 = FloatVector.fromArray(S, b, bo + q + 2 * V);
        FloatVector b3 = FloatVector.fromArray(S, b, bo + q + 3 * V);
        for (int u = lo; u < hi; u++) {
          FloatVector av = FloatVector.broadcast(S, colVal[u]);
          int co = colRow[u] * n + q;
          b0.fma(av, FloatVector.fromArray(S, c, co)).intoArray(c, co);
          b1.fma(av, FloatVector.fromArray(S, c, co + V)).intoArray(c, co + V);
          b2.fma(av, FloatVector.fromArray(S, c, co + 2 * V)).intoArray(c, co + 2 * V);
          b3.fma(av, FloatVector.fromArray(S, c, co + 3 * V)).intoArray(c, co + 3 * V);
        }
      }
      if (nt > 0) {
        tailTerms(colRow, colVal, lo, hi, b, bo, r0, nt, tailAt, tailChains, tailStride, acc, s);
      }
    }
    for (int li = 0; li < rows; li++) {
      int ao = li * tailStride;
      int co = (r0 + li) * n;
      for (int e = 0; e < nt; e++, ao += 4 * V) {
        FloatVector c0 = FloatVector.fromArray(S, acc, ao);
        FloatVector c1 = FloatVector.fromArray(S, acc, ao + V);
        FloatVector sum;
        if (tailChains[e] == 4) {
          FloatVector c2 = FloatVector.fromArray(S, acc, ao + 2 * V);
          FloatVector c3 = FloatVector.fromArray(S, acc, ao + 3 * V);
          sum = c0.add(c1).add(c2.add(c3)); // as panel1
        } else {
          sum = c0.add(c1); // as panel4
        }
        sum.intoArray(c, co + tailAt[e]);
      }
    }
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
   * from {@code c[ci]} on. Widest panels first; a tail narrower than a vector is one more full
   * vector ending at the row's end (overlapping columns get identical values).
   */
  private static void row(
      float[] b, float[] c, int ci, int width, int[] idx, float[] val, int lo, int hi) {
    if (width < V) {
      narrowRow(b, c, ci, width, idx, val, lo, hi);
      return;
    }
    int j = 0;
    for (; j <= width - 12 * V; j += 12 * V) {
      panel12(b, c, ci, width, j, idx, val, lo, hi);
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
      float[] b, float[] c, int ci, int width, int j, int[] idx, float[] val, int lo, int hi) {
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
    int o = ci + j;
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
    /** byPixels: the tail vectors' offsets and chain counts (at most 4 + 3 + 1 of them). */
    final int[] tailAt = new int[8];
    final int[] tailChains = new int[8];
    private float[] tailSums = new float[0];
    int[] seen = new int[0];
    int[] even2 = new int[0];
    int[] even4 = new int[0];
    /** A block of rows of A listed by column (as SparseRows.listColumns, rows [r0, r1) only). */
    int[] colStart = new int[1];
    int[] colRow = new int[0];
    float[] colVal = new float[0];
    private int[] next = new int[0];

    float[] tailSums(int n) {
      if (tailSums.length < n) {
        tailSums = new float[n];
      }
      return tailSums;
    }

    int[] seen(int n) {
      if (seen.length < n) {
        seen = new int[n];
      }
      return seen;
    }

    int[] even2(int n) {
      if (even2.length < n) {
        even2 = new int[n];
      }
      return even2;
    }

    int[] even4(int n) {
      if (even4.length < n) {
        even4 = new int[n];
      }
      return even4;
    }

    /**
     * Lists rows {@code [r0, r1)} of A by column into {@link #colStart}, {@link #colRow}, {@link
     * #colVal}: counts per column, then places the entries, rows in order so each column ascends.
     */
    void listColumns(SparseRows a, int r0, int r1) {
      int k = a.k;
      int lo = a.rowStart[r0];
      int hi = a.rowStart[r1];
      if (colStart.length < k + 1) {
        colStart = new int[k + 1];
        next = new int[k];
      }
      if (colRow.length < hi - lo) {
        colRow = new int[hi - lo];
        colVal = new float[hi - lo];
      }
      int[] start = colStart;
      java.util.Arrays.fill(start, 0, k + 1, 0);
      int[] col = a.col;
      for (int t = lo; t < hi; t++) {
        start[col[t] + 1]++;
      }
      for (int p = 0; p < k; p++) {
        start[p + 1] += start[p];
      }
      System.arraycopy(start, 0, next, 0, k);
      float[] val = a.val;
      for (int i = r0; i < r1; i++) {
        for (int t = a.rowStart[i]; t < a.rowStart[i + 1]; t++) {
          int u = next[col[t]]++;
          colRow[u] = i;
          colVal[u] = val[t];
        }
      }
    }

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
