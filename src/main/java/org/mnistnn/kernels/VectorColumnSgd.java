package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The plain-SGD step of a weight matrix whose gradient is {@code Aᵀ · B}, one row at a time, with
 * the gradient's row summed in registers and never stored:
 *
 * <pre>
 * G[p, :] = Σ_u colVal[u] · B[colRow[u], :]      over the non-zeros A[colRow[u], p] of column p
 * W[p, :] ← W[p, :] − lr · (G[p, :] + reg · W[p, :])
 * A (m × k), B (m × n), W (k × n)
 * </pre>
 *
 * This is {@code W1 ← W1 − lr · (xᵀ · dz1 + reg · W1)}: a pixel with ink in the batch sums the rows
 * of dz1 of its images into registers (dz1 is read from L1) and its row of W1 is updated right
 * away; a pixel without ink only decays. W1 (313 KB, in L2) is read and written once per step, and
 * the squares of its new entries (the L2 term of the next loss) are summed while they are still in
 * registers, instead of in a pass of their own (7 µs at batch 16).
 *
 * <p>The floats are those of {@link VectorColumnProducts} followed by the SGD update of {@link
 * VectorKernels#sgdUpdate}: each G[p, j] is summed over the rows in increasing order by fused
 * multiply-add in the vector columns and by plain multiply and add in the columns past the last
 * whole vector, and the update is multiply and add, as the reference rounds. So the weights are the
 * same bit for bit as product-then-update, which {@code FusedSgdProperties} checks.
 *
 * <p>Measured at batch 16 (784 × 100, ~2,400 non-zeros per batch; {@code bench/probes/FuseW1Probe}
 * with lr 0.02 and reg 1e-4, one JVM, JIT-compiled): 47 µs a step against 58 µs for a product into
 * a whole dW1 followed by the update (0.80×), and 0.88× at batch 128. The block-wise fusion this
 * replaced computed the gradient's rows into a window, zeros included, then updated W1 in a second
 * pass, and was no faster than the two separate calls. A caution for probes: this class's large
 * methods take C2 a few hundred milliseconds to compile on a busy machine, and until then the
 * Vector API runs boxed, three to five times slower; time only after a warm-up of a second or so.
 */
final class VectorColumnSgd {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private VectorColumnSgd() {}

  /**
   * Batches of at most this many rows use {@link #twelveVectorsAndTail} where it applies; larger
   * ones the one-pass panels ({@link #panel12Tail}). Measured with whole training epochs in one
   * JVM, alternating ({@code bench/probes/TrainAB.java}, the same jar with {@code
   * mnistnn.halvesUpTo} set on one side): the half-row passes take 0.82× the time of the one-pass
   * panels at batch 16 (13 pairs), but 1.11× at batch 128 (7 pairs) and 1.13× at batch 1024 (5
   * pairs), where a column has tens to hundreds of non-zeros and reading dz1's rows twice costs
   * more than the two sums C2 keeps on the stack in one pass.
   */
  static final int HALVES_UP_TO = Integer.getInteger("mnistnn.halvesUpTo", 32);

  /**
   * Rows per block of squares: a block's new rows are squared and summed by one thread. The blocks
   * of {@link KernelProvider#sparseMatmulTransASgdUpdateBlocks}, so one constant.
   */
  static final int BLOCK_ROWS = KernelProvider.STEP_BLOCK_ROWS;

  /** The number of blocks of {@link #BLOCK_ROWS} rows in k rows. */
  static int blocks(int k) {
    return KernelProvider.stepBlocks(k);
  }

  /**
   * Blocks {@code [fromBlock, toBlock)} of rows of the step; A's columns must be listed. The sum of
   * the squares of block i's new rows goes to {@code squares[i]}: the vector columns summed in two
   * float chains of lanes across the block's rows, then added lane by lane to a double with the
   * columns past the last whole vector. So every block is summed the same way on any thread.
   */
  static void blocks(
      SparseRows a,
      float[] b,
      float[] w,
      int n,
      float lr,
      float reg,
      int fromBlock,
      int toBlock,
      double[] squares) {
    int body = S.loopBound(n);
    if (listsItsOwnColumns(a.m, n)) {
      chunked(a, b, w, n, lr, reg, fromBlock, toBlock, squares);
      return;
    }
    float[] sq = new float[2 * V];
    for (int blk = fromBlock; blk < toBlock; blk++) {
      java.util.Arrays.fill(sq, 0f);
      int from = blk * BLOCK_ROWS;
      double total = rows(a, b, w, n, lr, reg, from, Math.min(a.k, from + BLOCK_ROWS), sq);
      for (float lane : sq) {
        total += lane;
      }
      squares[blk] = total;
    }
  }

  /**
   * Rows {@code [from, to)} of the step; the squares of the new rows' vector columns are added to
   * the two chains of lanes in {@code sq} (2V floats).
   *
   * @return the sum of the squares of the new rows' columns past the last whole vector, where they
   *     are not added to {@code sq} too (0 from {@link #twelveVectorsAndTail}, which does)
   */
  private static double rows(
      SparseRows a,
      float[] b,
      float[] w,
      int n,
      float lr,
      float reg,
      int from,
      int to,
      float[] sq) {
    int body = S.loopBound(n);
    if (a.m <= HALVES_UP_TO && body == 12 * V && n > body) {
      twelveVectorsAndTail(a, b, w, n, lr, reg, from, to, sq);
      return 0;
    }
    double tail = 0;
    // n = 100: twelve whole vectors and four columns more, summed in one pass over the column
    boolean lastPanelWithTail = n > body && body > 0 && body % (12 * V) == 0;
    float[] sums = lastPanelWithTail ? new float[13 * V] : null;
    for (int p = from; p < to; p++) {
      int lo = a.colStart[p];
      int hi = a.colStart[p + 1];
      int wo = p * n;
      if (lo == hi) {
        decay(w, wo, n, lr, reg, sq);
        tail += tailSquares(w, wo + body, wo + n);
        continue;
      }
      int j = 0;
      if (lastPanelWithTail) {
        for (; j < body - 12 * V; j += 12 * V) {
          panel12(a, b, w, wo, n, j, lo, hi, lr, reg, sq);
        }
        panel12Tail(a, b, w, wo, n, j, lo, hi, lr, reg, sq, sums);
        tail += tailSquares(w, wo + body, wo + n);
        continue;
      }
      for (; j <= body - 12 * V; j += 12 * V) {
        panel12(a, b, w, wo, n, j, lo, hi, lr, reg, sq);
      }
      for (; j < body; j += V) {
        panel1(a, b, w, wo, n, j, lo, hi, lr, reg, sq);
      }
      for (; j < n; j++) {
        float s = 0f;
        for (int u = lo; u < hi; u++) {
          s += a.colVal[u] * b[a.colRow[u] * n + j];
        }
        float t = w[wo + j];
        w[wo + j] = t - (s + t * reg) * lr;
      }
      tail += tailSquares(w, wo + body, wo + n);
    }
    return tail;
  }

  /** {@code Σ w[i]²} over {@code [from, to)}, in double. */
  private static double tailSquares(float[] w, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (double) w[i] * w[i];
    }
    return s;
  }

  /** A row with a zero gradient: {@code w ← w − lr · (0 + reg · w)}, rounded as the update does. */
  private static void decay(float[] w, int wo, int n, float lr, float reg, float[] sq) {
    FloatVector z = FloatVector.zero(S);
    FloatVector s0 = FloatVector.fromArray(S, sq, 0);
    FloatVector s1 = FloatVector.fromArray(S, sq, V);
    int body = S.loopBound(n);
    int j = 0;
    for (; j <= body - 2 * V; j += 2 * V) {
      FloatVector t0 = FloatVector.fromArray(S, w, wo + j);
      FloatVector t1 = FloatVector.fromArray(S, w, wo + j + V);
      t0 = t0.sub(z.add(t0.mul(reg)).mul(lr));
      t1 = t1.sub(z.add(t1.mul(reg)).mul(lr));
      t0.intoArray(w, wo + j);
      t1.intoArray(w, wo + j + V);
      s0 = t0.fma(t0, s0);
      s1 = t1.fma(t1, s1);
    }
    for (; j < body; j += V) {
      FloatVector t0 = FloatVector.fromArray(S, w, wo + j);
      t0 = t0.sub(z.add(t0.mul(reg)).mul(lr));
      t0.intoArray(w, wo + j);
      s0 = t0.fma(t0, s0);
    }
    s0.intoArray(sq, 0);
    s1.intoArray(sq, V);
    for (; j < n; j++) {
      float t = w[wo + j];
      w[wo + j] = t - (0f + t * reg) * lr;
    }
  }

  /** One vector of the row, columns {@code [j, j + V)}. */
  private static void panel1(
      SparseRows a,
      float[] b,
      float[] w,
      int wo,
      int n,
      int j,
      int lo,
      int hi,
      float lr,
      float reg,
      float[] sq) {
    int[] row = a.colRow;
    float[] val = a.colVal;
    FloatVector c0 = FloatVector.zero(S);
    for (int u = lo; u < hi; u++) {
      c0 = FloatVector.fromArray(S, b, row[u] * n + j).fma(FloatVector.broadcast(S, val[u]), c0);
    }
    FloatVector t0 = FloatVector.fromArray(S, w, wo + j);
    t0 = t0.sub(c0.add(t0.mul(reg)).mul(lr));
    t0.intoArray(w, wo + j);
    FloatVector s0 = FloatVector.fromArray(S, sq, 0);
    t0.fma(t0, s0).intoArray(sq, 0);
  }

  /** Twelve vectors of the row, columns {@code [j, j + 12V)}, summed in registers. */
  private static void panel12(
      SparseRows a,
      float[] b,
      float[] w,
      int wo,
      int n,
      int j,
      int lo,
      int hi,
      float lr,
      float reg,
      float[] sq) {
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
    int o = wo + j;
    FloatVector t0 = FloatVector.fromArray(S, w, o);
    t0 = t0.sub(c0.add(t0.mul(reg)).mul(lr));
    t0.intoArray(w, o);
    FloatVector t1 = FloatVector.fromArray(S, w, o + V);
    t1 = t1.sub(c1.add(t1.mul(reg)).mul(lr));
    t1.intoArray(w, o + V);
    FloatVector t2 = FloatVector.fromArray(S, w, o + 2 * V);
    t2 = t2.sub(c2.add(t2.mul(reg)).mul(lr));
    t2.intoArray(w, o + 2 * V);
    FloatVector t3 = FloatVector.fromArray(S, w, o + 3 * V);
    t3 = t3.sub(c3.add(t3.mul(reg)).mul(lr));
    t3.intoArray(w, o + 3 * V);
    FloatVector t4 = FloatVector.fromArray(S, w, o + 4 * V);
    t4 = t4.sub(c4.add(t4.mul(reg)).mul(lr));
    t4.intoArray(w, o + 4 * V);
    FloatVector t5 = FloatVector.fromArray(S, w, o + 5 * V);
    t5 = t5.sub(c5.add(t5.mul(reg)).mul(lr));
    t5.intoArray(w, o + 5 * V);
    FloatVector t6 = FloatVector.fromArray(S, w, o + 6 * V);
    t6 = t6.sub(c6.add(t6.mul(reg)).mul(lr));
    t6.intoArray(w, o + 6 * V);
    FloatVector t7 = FloatVector.fromArray(S, w, o + 7 * V);
    t7 = t7.sub(c7.add(t7.mul(reg)).mul(lr));
    t7.intoArray(w, o + 7 * V);
    FloatVector t8 = FloatVector.fromArray(S, w, o + 8 * V);
    t8 = t8.sub(c8.add(t8.mul(reg)).mul(lr));
    t8.intoArray(w, o + 8 * V);
    FloatVector t9 = FloatVector.fromArray(S, w, o + 9 * V);
    t9 = t9.sub(c9.add(t9.mul(reg)).mul(lr));
    t9.intoArray(w, o + 9 * V);
    FloatVector t10 = FloatVector.fromArray(S, w, o + 10 * V);
    t10 = t10.sub(c10.add(t10.mul(reg)).mul(lr));
    t10.intoArray(w, o + 10 * V);
    FloatVector t11 = FloatVector.fromArray(S, w, o + 11 * V);
    t11 = t11.sub(c11.add(t11.mul(reg)).mul(lr));
    t11.intoArray(w, o + 11 * V);
    FloatVector s0 = FloatVector.fromArray(S, sq, 0);
    FloatVector s1 = FloatVector.fromArray(S, sq, V);
    s0 = t0.fma(t0, s0);
    s1 = t1.fma(t1, s1);
    s0 = t2.fma(t2, s0);
    s1 = t3.fma(t3, s1);
    s0 = t4.fma(t4, s0);
    s1 = t5.fma(t5, s1);
    s0 = t6.fma(t6, s0);
    s1 = t7.fma(t7, s1);
    s0 = t8.fma(t8, s0);
    s1 = t9.fma(t9, s1);
    s0 = t10.fma(t10, s0);
    s1 = t11.fma(t11, s1);
    s0.intoArray(sq, 0);
    s1.intoArray(sq, V);
  }

  /**
   * panel12 over the row's last twelve whole vectors, plus the columns after them: one more vector
   * ending at the row's end, summed by multiply then add; its update is computed from the old
   * weights before either is stored, and stored first, so the panel's store keeps its own columns.
   * The sums go through {@code sums} (13 vectors, in L1) from {@link #accumulate12Tail} to {@link
   * #update12Tail}, the two halves the chunked step also uses.
   */
  private static void panel12Tail(
      SparseRows a,
      float[] b,
      float[] w,
      int wo,
      int n,
      int j,
      int lo,
      int hi,
      float lr,
      float reg,
      float[] sq,
      float[] sums) {
    java.util.Arrays.fill(sums, 0f);
    accumulate12Tail(a.colRow, a.colVal, b, n, j, lo, hi, sums, 0);
    update12Tail(sums, 0, w, wo, n, j, lr, reg, sq);
  }

  /**
   * Rows {@code [from, to)} when a row is twelve whole vectors and part of one more (n = 100 with
   * 8-float vectors): the whole row of the gradient is summed in one pass per half, the update
   * stored, and the squares of the new row added to the two chains of lanes in {@code sq}. Rows
   * with no non-zeros go through the same code (their sums stay zero, so they only decay, as {@link
   * #decay} rounds).
   *
   * <p>The columns past the twelfth vector are summed in one more vector ending at the row's end
   * (columns {@code n − V .. n}), by multiply then add, as the scalar tail rounds; its update is
   * computed from the old weights and stored before the twelfth vector's, which overlaps it, so the
   * twelfth vector's store keeps its own columns. Only its lanes past the twelfth vector are
   * squared.
   *
   * <p>Why it is written this way (small batches only, see {@link #HALVES_UP_TO}): each half-row
   * keeps its seven sums in registers, where one pass over all thirteen made C2 (JDK 17) spill two
   * of them to the stack and reload them for every non-zero; each row's squares are summed in two
   * chains of their own and added once to the block's sums, instead of lengthening one chain
   * through the whole block by thirteen multiply-adds; and the columns past the twelfth vector are
   * squared in the vector instead of in a double loop per row. The step alone on real batch-16
   * batches, column listing included ({@code bench/probes/W1StepAB.java}, the same jar with {@code
   * mnistnn.halvesUpTo=0} on one side, 15 rounds): 0.87× the time of the one-pass panels; rows
   * without ink (a third of them at batch 16) went from about 40 to about 14 ns each.
   */
  private static void twelveVectorsAndTail(
      SparseRows a,
      float[] b,
      float[] w,
      int n,
      float lr,
      float reg,
      int from,
      int to,
      float[] sq) {
    int[] row = a.colRow;
    float[] val = a.colVal;
    int[] colStart = a.colStart;
    int tj = n - V;
    // the lanes of the last vector that lie past the twelfth: tj + lane ≥ 12V
    VectorMask<Float> past = S.indexInRange(tj - 12 * V, V);
    FloatVector zero = FloatVector.zero(S);
    FloatVector s0 = FloatVector.fromArray(S, sq, 0);
    FloatVector s1 = FloatVector.fromArray(S, sq, V);
    for (int p = from; p < to; p++) {
      int lo = colStart[p];
      int hi = colStart[p + 1];
      int o = p * n;
      FloatVector q0;
      FloatVector q1;
      { // columns [0, 6V)
        FloatVector c0 = zero;
        FloatVector c1 = zero;
        FloatVector c2 = zero;
        FloatVector c3 = zero;
        FloatVector c4 = zero;
        FloatVector c5 = zero;
        for (int u = lo; u < hi; u++) {
          FloatVector av = FloatVector.broadcast(S, val[u]);
          int bo = row[u] * n;
          c0 = FloatVector.fromArray(S, b, bo).fma(av, c0);
          c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
          c2 = FloatVector.fromArray(S, b, bo + 2 * V).fma(av, c2);
          c3 = FloatVector.fromArray(S, b, bo + 3 * V).fma(av, c3);
          c4 = FloatVector.fromArray(S, b, bo + 4 * V).fma(av, c4);
          c5 = FloatVector.fromArray(S, b, bo + 5 * V).fma(av, c5);
        }
        FloatVector t0 = FloatVector.fromArray(S, w, o);
        t0 = t0.sub(c0.add(t0.mul(reg)).mul(lr));
        t0.intoArray(w, o);
        FloatVector t1 = FloatVector.fromArray(S, w, o + V);
        t1 = t1.sub(c1.add(t1.mul(reg)).mul(lr));
        t1.intoArray(w, o + V);
        FloatVector t2 = FloatVector.fromArray(S, w, o + 2 * V);
        t2 = t2.sub(c2.add(t2.mul(reg)).mul(lr));
        t2.intoArray(w, o + 2 * V);
        FloatVector t3 = FloatVector.fromArray(S, w, o + 3 * V);
        t3 = t3.sub(c3.add(t3.mul(reg)).mul(lr));
        t3.intoArray(w, o + 3 * V);
        FloatVector t4 = FloatVector.fromArray(S, w, o + 4 * V);
        t4 = t4.sub(c4.add(t4.mul(reg)).mul(lr));
        t4.intoArray(w, o + 4 * V);
        FloatVector t5 = FloatVector.fromArray(S, w, o + 5 * V);
        t5 = t5.sub(c5.add(t5.mul(reg)).mul(lr));
        t5.intoArray(w, o + 5 * V);
        q0 = t0.mul(t0);
        q1 = t1.mul(t1);
        q0 = t2.fma(t2, q0);
        q1 = t3.fma(t3, q1);
        q0 = t4.fma(t4, q0);
        q1 = t5.fma(t5, q1);
      }
      { // columns [6V, 12V) and [n − V, n)
        FloatVector c6 = zero;
        FloatVector c7 = zero;
        FloatVector c8 = zero;
        FloatVector c9 = zero;
        FloatVector c10 = zero;
        FloatVector c11 = zero;
        FloatVector ct = zero;
        for (int u = lo; u < hi; u++) {
          FloatVector av = FloatVector.broadcast(S, val[u]);
          int bo = row[u] * n;
          c6 = FloatVector.fromArray(S, b, bo + 6 * V).fma(av, c6);
          c7 = FloatVector.fromArray(S, b, bo + 7 * V).fma(av, c7);
          c8 = FloatVector.fromArray(S, b, bo + 8 * V).fma(av, c8);
          c9 = FloatVector.fromArray(S, b, bo + 9 * V).fma(av, c9);
          c10 = FloatVector.fromArray(S, b, bo + 10 * V).fma(av, c10);
          c11 = FloatVector.fromArray(S, b, bo + 11 * V).fma(av, c11);
          ct = ct.add(FloatVector.fromArray(S, b, bo + tj).mul(av));
        }
        FloatVector t11 = FloatVector.fromArray(S, w, o + 11 * V);
        FloatVector tt = FloatVector.fromArray(S, w, o + tj);
        tt = tt.sub(ct.add(tt.mul(reg)).mul(lr));
        tt.intoArray(w, o + tj);
        t11 = t11.sub(c11.add(t11.mul(reg)).mul(lr));
        t11.intoArray(w, o + 11 * V);
        FloatVector t6 = FloatVector.fromArray(S, w, o + 6 * V);
        t6 = t6.sub(c6.add(t6.mul(reg)).mul(lr));
        t6.intoArray(w, o + 6 * V);
        FloatVector t7 = FloatVector.fromArray(S, w, o + 7 * V);
        t7 = t7.sub(c7.add(t7.mul(reg)).mul(lr));
        t7.intoArray(w, o + 7 * V);
        FloatVector t8 = FloatVector.fromArray(S, w, o + 8 * V);
        t8 = t8.sub(c8.add(t8.mul(reg)).mul(lr));
        t8.intoArray(w, o + 8 * V);
        FloatVector t9 = FloatVector.fromArray(S, w, o + 9 * V);
        t9 = t9.sub(c9.add(t9.mul(reg)).mul(lr));
        t9.intoArray(w, o + 9 * V);
        FloatVector t10 = FloatVector.fromArray(S, w, o + 10 * V);
        t10 = t10.sub(c10.add(t10.mul(reg)).mul(lr));
        t10.intoArray(w, o + 10 * V);
        FloatVector tm = zero.blend(tt, past);
        q0 = t6.fma(t6, q0);
        q1 = t7.fma(t7, q1);
        q0 = t8.fma(t8, q0);
        q1 = t9.fma(t9, q1);
        q0 = t10.fma(t10, q0);
        q1 = t11.fma(t11, q1);
        q0 = tm.fma(tm, q0);
      }
      s0 = s0.add(q0);
      s1 = s1.add(q1);
    }
    s0.intoArray(sq, 0);
    s1.intoArray(sq, V);
  }

  /**
   * Batches of more than twice this many rows take the step in chunks of this many rows ({@link
   * #chunked}), where it applies. A variable so that tests can make chunks small. 32: with each
   * chunk's columns listed on its own, W1's step alone at batch 1024 ({@code
   * bench/probes/W1StepAB.java}, 11 rounds, the same jar with {@code mnistnn.chunkRows} set on one
   * side) took 0.82× the time with chunks of 64 against 128, 0.89× with 32 against 64, and 1.10×
   * with 16 against 32; at batch 128, which chunks of 32 split into four, 0.88× the one pass.
   */
  static volatile int chunkRows = Integer.getInteger("mnistnn.chunkRows", 32);

  /**
   * Whether a step on an m-row batch with rows of n lists the columns of its chunks itself ({@link
   * #chunked}), so that its caller need not list A's columns.
   */
  static boolean listsItsOwnColumns(int m, int n) {
    int body = S.loopBound(n);
    return m > 2 * chunkRows && m > HALVES_UP_TO && body == 12 * V && n > body;
  }

  /** Per-thread column lists of one chunk of the chunked step, grown on demand. */
  private static final ThreadLocal<SparseRows.ColumnChunk> CHUNK_LISTS =
      ThreadLocal.withInitial(SparseRows.ColumnChunk::new);

  /** Per-thread sums of the chunked step, grown on demand. */
  private static final ThreadLocal<float[][]> CHUNK_SUMS =
      ThreadLocal.withInitial(() -> new float[1][0]);

  /**
   * Blocks {@code [fromBlock, toBlock)} of the step for a large batch whose rows are twelve whole
   * vectors and part of one more, with the same floats as {@link #rows} (weights and squares):
   * every row's sums are the same chains, only paused between chunks. Each chunk of {@link
   * #chunkRows} rows of A and B (x and dz1) in turn has its entries in the blocks' columns listed
   * by column ({@link SparseRows.ColumnChunk}) and adds its terms to the sums of every row of the
   * blocks ({@link #accumulate12Tail}, 13 vectors a row, kept in a scratch array); then every row
   * is updated from its sums ({@link #update12Tail}), and its squares summed in {@link #rows}'
   * order.
   *
   * <p>Why: a column listing of the whole batch is a counting sort whose writes scatter over 1.2 MB
   * at batch 1024 (153,000 entries), more than a core's L2 (512 KB): it cost 8–12 ns an entry
   * against 5 for a batch of up to 512 (a scratch probe), a third of the step. A chunk's lists and
   * its rows of dz1 stay in L1 and L2. Measured at batch 1024 ({@code bench/probes/W1StepAB.java},
   * 15 rounds): 0.85× the time of chunks of 256 that read one listing of the whole batch, before
   * chunks were made smaller ({@link #chunkRows}); whole epochs ({@code bench/probes/TrainAB.java},
   * 25 pairs, with the softmax split over the cores as well) 0.96×.
   */
  private static void chunked(
      SparseRows a,
      float[] b,
      float[] w,
      int n,
      float lr,
      float reg,
      int fromBlock,
      int toBlock,
      double[] squares) {
    int from = fromBlock * BLOCK_ROWS;
    int to = Math.min(a.k, toBlock * BLOCK_ROWS);
    int width = 13 * V;
    float[][] holder = CHUNK_SUMS.get();
    int need = (to - from) * width;
    if (holder[0].length < need) {
      holder[0] = new float[need];
    }
    float[] sums = holder[0];
    java.util.Arrays.fill(sums, 0, need, 0f);
    SparseRows.ColumnChunk lists = CHUNK_LISTS.get();
    int j = 0; // the row is one panel of twelve vectors (and the tail), from column 0
    for (int c0 = 0; c0 < a.m; c0 += chunkRows) {
      lists.list(a, c0, Math.min(a.m, c0 + chunkRows), from, to);
      int[] start = lists.start;
      for (int p = from; p < to; p++) {
        int lo = start[p - from];
        int hi = start[p - from + 1];
        if (hi > lo) {
          accumulate12Tail(lists.row, lists.val, b, n, j, lo, hi, sums, (p - from) * width);
        }
      }
    }
    int body = S.loopBound(n);
    float[] sq = new float[2 * V];
    for (int blk = fromBlock; blk < toBlock; blk++) {
      java.util.Arrays.fill(sq, 0f);
      int r0 = blk * BLOCK_ROWS;
      int r1 = Math.min(a.k, r0 + BLOCK_ROWS);
      double total = 0;
      for (int p = r0; p < r1; p++) {
        update12Tail(sums, (p - from) * width, w, p * n, n, j, lr, reg, sq);
        total += tailSquares(w, p * n + body, p * n + n);
      }
      for (float lane : sq) {
        total += lane;
      }
      squares[blk] = total;
    }
  }

  /**
   * {@link #panel12Tail}'s sums, continued over the entries {@code [lo, hi)} of a column listed in
   * {@code row} and {@code val}: read from {@code sums[so ..)} (twelve vectors, then the tail
   * vector) and written back there.
   */
  private static void accumulate12Tail(
      int[] row, float[] val, float[] b, int n, int j, int lo, int hi, float[] sums, int so) {
    int tj = n - V - j;
    FloatVector c0 = FloatVector.fromArray(S, sums, so);
    FloatVector c1 = FloatVector.fromArray(S, sums, so + V);
    FloatVector c2 = FloatVector.fromArray(S, sums, so + 2 * V);
    FloatVector c3 = FloatVector.fromArray(S, sums, so + 3 * V);
    FloatVector c4 = FloatVector.fromArray(S, sums, so + 4 * V);
    FloatVector c5 = FloatVector.fromArray(S, sums, so + 5 * V);
    FloatVector c6 = FloatVector.fromArray(S, sums, so + 6 * V);
    FloatVector c7 = FloatVector.fromArray(S, sums, so + 7 * V);
    FloatVector c8 = FloatVector.fromArray(S, sums, so + 8 * V);
    FloatVector c9 = FloatVector.fromArray(S, sums, so + 9 * V);
    FloatVector c10 = FloatVector.fromArray(S, sums, so + 10 * V);
    FloatVector c11 = FloatVector.fromArray(S, sums, so + 11 * V);
    FloatVector ct = FloatVector.fromArray(S, sums, so + 12 * V);
    for (int u = lo; u < hi; u++) {
      float x = val[u];
      FloatVector av = FloatVector.broadcast(S, x);
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
      ct = ct.add(FloatVector.fromArray(S, b, bo + tj).mul(av));
    }
    c0.intoArray(sums, so);
    c1.intoArray(sums, so + V);
    c2.intoArray(sums, so + 2 * V);
    c3.intoArray(sums, so + 3 * V);
    c4.intoArray(sums, so + 4 * V);
    c5.intoArray(sums, so + 5 * V);
    c6.intoArray(sums, so + 6 * V);
    c7.intoArray(sums, so + 7 * V);
    c8.intoArray(sums, so + 8 * V);
    c9.intoArray(sums, so + 9 * V);
    c10.intoArray(sums, so + 10 * V);
    c11.intoArray(sums, so + 11 * V);
    ct.intoArray(sums, so + 12 * V);
  }

  /**
   * {@link #panel12Tail}'s update of W's row at {@code wo}, from the sums at {@code sums[so ..)}.
   */
  private static void update12Tail(
      float[] sums, int so, float[] w, int wo, int n, int j, float lr, float reg, float[] sq) {
    int tj = n - V - j;
    FloatVector c0 = FloatVector.fromArray(S, sums, so);
    FloatVector c1 = FloatVector.fromArray(S, sums, so + V);
    FloatVector c2 = FloatVector.fromArray(S, sums, so + 2 * V);
    FloatVector c3 = FloatVector.fromArray(S, sums, so + 3 * V);
    FloatVector c4 = FloatVector.fromArray(S, sums, so + 4 * V);
    FloatVector c5 = FloatVector.fromArray(S, sums, so + 5 * V);
    FloatVector c6 = FloatVector.fromArray(S, sums, so + 6 * V);
    FloatVector c7 = FloatVector.fromArray(S, sums, so + 7 * V);
    FloatVector c8 = FloatVector.fromArray(S, sums, so + 8 * V);
    FloatVector c9 = FloatVector.fromArray(S, sums, so + 9 * V);
    FloatVector c10 = FloatVector.fromArray(S, sums, so + 10 * V);
    FloatVector c11 = FloatVector.fromArray(S, sums, so + 11 * V);
    FloatVector ct = FloatVector.fromArray(S, sums, so + 12 * V);
    int o = wo + j;
    FloatVector t11 = FloatVector.fromArray(S, w, o + 11 * V);
    FloatVector tt = FloatVector.fromArray(S, w, o + tj);
    tt.sub(ct.add(tt.mul(reg)).mul(lr)).intoArray(w, o + tj);
    t11 = t11.sub(c11.add(t11.mul(reg)).mul(lr));
    t11.intoArray(w, o + 11 * V);
    FloatVector t0 = FloatVector.fromArray(S, w, o);
    t0 = t0.sub(c0.add(t0.mul(reg)).mul(lr));
    t0.intoArray(w, o);
    FloatVector t1 = FloatVector.fromArray(S, w, o + 1 * V);
    t1 = t1.sub(c1.add(t1.mul(reg)).mul(lr));
    t1.intoArray(w, o + 1 * V);
    FloatVector t2 = FloatVector.fromArray(S, w, o + 2 * V);
    t2 = t2.sub(c2.add(t2.mul(reg)).mul(lr));
    t2.intoArray(w, o + 2 * V);
    FloatVector t3 = FloatVector.fromArray(S, w, o + 3 * V);
    t3 = t3.sub(c3.add(t3.mul(reg)).mul(lr));
    t3.intoArray(w, o + 3 * V);
    FloatVector t4 = FloatVector.fromArray(S, w, o + 4 * V);
    t4 = t4.sub(c4.add(t4.mul(reg)).mul(lr));
    t4.intoArray(w, o + 4 * V);
    FloatVector t5 = FloatVector.fromArray(S, w, o + 5 * V);
    t5 = t5.sub(c5.add(t5.mul(reg)).mul(lr));
    t5.intoArray(w, o + 5 * V);
    FloatVector t6 = FloatVector.fromArray(S, w, o + 6 * V);
    t6 = t6.sub(c6.add(t6.mul(reg)).mul(lr));
    t6.intoArray(w, o + 6 * V);
    FloatVector t7 = FloatVector.fromArray(S, w, o + 7 * V);
    t7 = t7.sub(c7.add(t7.mul(reg)).mul(lr));
    t7.intoArray(w, o + 7 * V);
    FloatVector t8 = FloatVector.fromArray(S, w, o + 8 * V);
    t8 = t8.sub(c8.add(t8.mul(reg)).mul(lr));
    t8.intoArray(w, o + 8 * V);
    FloatVector t9 = FloatVector.fromArray(S, w, o + 9 * V);
    t9 = t9.sub(c9.add(t9.mul(reg)).mul(lr));
    t9.intoArray(w, o + 9 * V);
    FloatVector t10 = FloatVector.fromArray(S, w, o + 10 * V);
    t10 = t10.sub(c10.add(t10.mul(reg)).mul(lr));
    t10.intoArray(w, o + 10 * V);
    FloatVector s0 = FloatVector.fromArray(S, sq, 0);
    FloatVector s1 = FloatVector.fromArray(S, sq, V);
    s0 = t0.fma(t0, s0);
    s1 = t1.fma(t1, s1);
    s0 = t2.fma(t2, s0);
    s1 = t3.fma(t3, s1);
    s0 = t4.fma(t4, s0);
    s1 = t5.fma(t5, s1);
    s0 = t6.fma(t6, s0);
    s1 = t7.fma(t7, s1);
    s0 = t8.fma(t8, s0);
    s1 = t9.fma(t9, s1);
    s0 = t10.fma(t10, s0);
    s1 = t11.fma(t11, s1);
    s0.intoArray(sq, 0);
    s1.intoArray(sq, V);
  }
}
