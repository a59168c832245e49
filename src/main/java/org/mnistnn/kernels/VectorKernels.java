package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels written with the JDK Vector API ({@code jdk.incubator.vector}), float32, in the
 * preferred vector size of the machine (8 floats with AVX2).
 *
 * <p>Every loop is "vector body + scalar tail": whole vectors while they fit, then plain loops for
 * the last few entries. The matrix products are in {@link VectorMatmul}. The element-wise kernels
 * give bit-for-bit the results of {@link ScalarKernels} (same operations, same order, no fused
 * multiply-add); the products and {@link #sumOfSquares} differ only by rounding, because they sum
 * in another order or fuse multiply and add.
 *
 * <p>This class must only be loaded through {@link Kernels}, which catches the {@link LinkageError}
 * thrown when the JVM runs without {@code --add-modules jdk.incubator.vector}.
 */
final class VectorKernels implements KernelProvider {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  /**
   * Floats summed in float lanes before the partial sum is added to the double total in {@link
   * #sumOfSquares}: short enough that float rounding stays near 1e-6 relative.
   */
  private static final int SQUARES_BLOCK = 1024;

  VectorKernels() {}

  /** Bits of the vectors in use (256 with AVX2, 512 with AVX-512, 128 with SSE or NEON). */
  static int vectorBits() {
    return S.vectorBitSize();
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    if (VectorNarrowProducts.narrow(n)) {
      VectorNarrowProducts.matmul(a, b, c, m, k, n);
      return;
    }
    VectorMatmul.matmul(a, b, c, m, k, n);
  }

  @Override
  public void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    VectorMatmul.matmulTransA(a, b, c, m, k, n);
  }

  @Override
  public void matmulTransB(float[] a, float[] b, float[] c, int m, int n, int k) {
    VectorMatmul.matmulTransB(a, b, c, m, n, k);
  }

  @Override
  public void listNonZeros(float[] a, int m, int k, SparseRows out) {
    VectorMatmul.listNonZeros(a, m, k, out);
  }

  @Override
  public void listBytes(byte[] a, int[] rows, int from, int m, int k, float scale, SparseRows out) {
    VectorByteListing.listBytes(a, rows, from, m, k, scale, out);
  }

  @Override
  public void copyRows(SparseByteRows a, int[] rows, int from, int m, float scale, SparseRows out) {
    VectorRowCopy.copyRows(a, rows, from, m, scale, out);
  }

  @Override
  public void sparseMatmul(SparseRows a, float[] b, float[] c, int n) {
    VectorMatmul.sparseMatmul(a, b, c, n);
  }

  @Override
  public void sparseMatmulTransA(SparseRows a, float[] b, float[] c, int n) {
    VectorMatmul.sparseMatmulTransA(a, b, c, n);
  }

  @Override
  public void addRowVector(float[] z, float[] b, int m, int n) {
    int body = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int o = i * n;
      int j = 0;
      for (; j < body; j += V) {
        FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, b, j)).intoArray(z, o + j);
      }
      for (; j < n; j++) {
        z[o + j] += b[j];
      }
    }
  }

  @Override
  public void relu(float[] z, float[] h, int len) {
    // A compare and blend rather than max(z, 0): it matches the reference for −0 and NaN (both 0).
    FloatVector zero = FloatVector.zero(S);
    int body = S.loopBound(len);
    int i = 0;
    for (; i < body; i += V) {
      FloatVector v = FloatVector.fromArray(S, z, i);
      zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(h, i);
    }
    for (; i < len; i++) {
      h[i] = z[i] > 0f ? z[i] : 0f;
    }
  }

  @Override
  public void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    FloatVector zero = FloatVector.zero(S);
    int body = S.loopBound(len);
    int i = 0;
    for (; i < body; i += V) {
      VectorMask<Float> on = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(S, dh, i), on).intoArray(dz, i);
    }
    for (; i < len; i++) {
      dz[i] = z[i] > 0f ? dh[i] : 0f;
    }
  }

  /**
   * The reference loops, on purpose. The vector {@code EXP} and {@code reduceLanes(ADD)} give
   * results that depend on whether the JIT has compiled the caller (an intrinsic with its own
   * rounding and lane order, or a Java fallback), so the same seed could train to different last
   * bits depending on timing, which broke resuming from a checkpoint bit for bit. A vector softmax
   * saved under 1 µs per batch-16 step (JMH), about 3 ms per epoch.
   *
   * <p>Rows are independent, so a large batch's rows are split over the cores ({@link
   * Parallel#forRows}, each row the same loop on any thread): at batch 1024 the serial softmax was
   * 4.3% of the epoch (`bench --profile --profile-batch 1024`), about 16 ns an entry.
   */
  @Override
  public void softmaxRows(float[] z, float[] p, int m, int n) {
    Parallel.forRows(
        m,
        (long) m * n * SOFTMAX_WORK_PER_ENTRY,
        (from, to) -> ScalarKernels.softmaxRows(z, p, from, to, n));
  }

  /**
   * An entry of softmax (an {@code exp} in double, a division's share) counted as this many
   * multiply-adds for {@link Parallel#forRows}: batch 1024's 10,240 entries (1.3 M) split, the
   * evaluation's 500-image chunks (0.64 M, already one per core) and batch 128 do not.
   */
  static final long SOFTMAX_WORK_PER_ENTRY = 128;

  @Override
  public void columnSums(float[] a, float[] out, int m, int n) {
    // Columns in vector-wide strips, rows in order inside each: the same order of additions as the
    // reference, so the sums are identical.
    int body = S.loopBound(n);
    int j = 0;
    for (; j < body; j += V) {
      FloatVector acc = FloatVector.zero(S);
      for (int i = 0; i < m; i++) {
        acc = acc.add(FloatVector.fromArray(S, a, i * n + j));
      }
      acc.intoArray(out, j);
    }
    for (; j < n; j++) {
      float s = 0f;
      for (int i = 0; i < m; i++) {
        s += a[i * n + j];
      }
      out[j] = s;
    }
  }

  @Override
  public void sgdUpdate(float[] theta, float[] grad, float lr, float reg, int len) {
    int body = S.loopBound(len);
    sgdUpdate(theta, grad, lr, reg, 0, body);
    for (int i = body; i < len; i++) {
      theta[i] -= lr * (grad[i] + reg * theta[i]);
    }
  }

  /** The vector body of {@link #sgdUpdate} over {@code [from, to)}, whole vectors. */
  private static void sgdUpdate(
      float[] theta, float[] grad, float lr, float reg, int from, int to) {
    // mul and add, not fma: the update must round exactly as the reference does.
    for (int i = from; i < to; i += V) {
      FloatVector t = FloatVector.fromArray(S, theta, i);
      FloatVector g = FloatVector.fromArray(S, grad, i);
      t.sub(g.add(t.mul(reg)).mul(lr)).intoArray(theta, i);
    }
  }

  @Override
  public float sumOfSquares(float[] a, int len) {
    int body = S.loopBound(len);
    double total = squares(a, 0, body, 0, new float[V]);
    for (int i = body; i < len; i++) {
      total += (double) a[i] * a[i];
    }
    return (float) total;
  }

  /**
   * Adds {@code Σ a[i]²} over {@code [from, to)} to {@code total}, in blocks of {@link
   * #SQUARES_BLOCK} from {@code from}; {@code from} and {@code to} are multiples of the vector
   * length. Float lanes for speed, a double total across blocks for accuracy: widening every entry
   * to double would halve the vector width and cost more than the whole SGD update. {@code lanes}
   * is work space of V floats.
   */
  private static double squares(float[] a, int from, int to, double total, float[] lanes) {
    int i = from;
    while (i < to) {
      int end = Math.min(to, i + SQUARES_BLOCK);
      // Four chains of fused multiply-add, not one: a single chain waits the FMA latency (4
      // cycles) on every vector, which made Σθ² over W1 cost as much as the SGD update itself.
      FloatVector acc0 = FloatVector.zero(S);
      FloatVector acc1 = FloatVector.zero(S);
      FloatVector acc2 = FloatVector.zero(S);
      FloatVector acc3 = FloatVector.zero(S);
      for (; i <= end - 4 * V; i += 4 * V) {
        FloatVector v0 = FloatVector.fromArray(S, a, i);
        FloatVector v1 = FloatVector.fromArray(S, a, i + V);
        FloatVector v2 = FloatVector.fromArray(S, a, i + 2 * V);
        FloatVector v3 = FloatVector.fromArray(S, a, i + 3 * V);
        acc0 = v0.fma(v0, acc0);
        acc1 = v1.fma(v1, acc1);
        acc2 = v2.fma(v2, acc2);
        acc3 = v3.fma(v3, acc3);
      }
      for (; i < end; i += V) {
        FloatVector v = FloatVector.fromArray(S, a, i);
        acc0 = v.fma(v, acc0);
      }
      // Lanes added one by one in a fixed order: reduceLanes(ADD) may sum in another order
      // before and after JIT compilation, and the loss must not depend on timing.
      total = addLanes(acc0, lanes, total);
      total = addLanes(acc1, lanes, total);
      total = addLanes(acc2, lanes, total);
      total = addLanes(acc3, lanes, total);
    }
    return total;
  }

  /** {@code total} plus the lanes of {@code v}, one by one, lane 0 first. */
  private static double addLanes(FloatVector v, float[] lanes, double total) {
    v.intoArray(lanes, 0);
    for (float lane : lanes) {
      total += lane;
    }
    return total;
  }

  /**
   * {@link #sgdUpdate} a block of {@link #SQUARES_BLOCK} entries at a time, each block's squares
   * summed right after its update, while it is in the L1 cache: the blocks and the order of {@link
   * #sumOfSquares}, so the same sum bit for bit.
   */
  @Override
  public float sgdUpdateSumOfSquares(float[] theta, float[] grad, float lr, float reg, int len) {
    float[] lanes = new float[V];
    int body = S.loopBound(len);
    double total = 0;
    for (int i = 0; i < body; i += SQUARES_BLOCK) {
      int end = Math.min(body, i + SQUARES_BLOCK);
      sgdUpdate(theta, grad, lr, reg, i, end);
      total = squares(theta, i, end, total, lanes);
    }
    for (int i = body; i < len; i++) {
      theta[i] -= lr * (grad[i] + reg * theta[i]);
    }
    for (int i = body; i < len; i++) {
      total += (double) theta[i] * theta[i];
    }
    return (float) total;
  }

  /**
   * The step one row of θ at a time ({@link VectorColumnSgd}: each row of the gradient summed in
   * registers and applied at once, rows without ink only decayed), the squares of the new rows
   * summed on the way, in blocks of rows. The weights are the floats of {@link #sparseMatmulTransA}
   * then {@link #sgdUpdateSumOfSquares}, bit for bit (the update is per entry); Σθ² is summed in
   * another order than {@link #sumOfSquares}, so it may differ from it in the last bits, but not
   * from one run or thread count to another: each block of rows is summed the same way on any
   * thread, and the blocks' sums are added in order. Large products are split by blocks of rows
   * over the cores ({@link Parallel}).
   */
  /** Batches of up to 64 images at n = 100; larger ones list a chunk at a time in the step. */
  @Override
  public void listColumnsForStep(SparseRows a, int n) {
    if (!VectorColumnSgd.listsItsOwnColumns(a.m, n)) {
      a.listColumns();
    }
  }

  @Override
  public boolean splitsSteps(int m, int n) {
    return VectorMatmul.chainsOnly(n) && !VectorColumnSgd.listsItsOwnColumns(m, n);
  }

  @Override
  public void sparseMatmulTransASgdUpdateBlocks(
      SparseRows a,
      float[] b,
      float[] theta,
      int n,
      float lr,
      float reg,
      int fromBlock,
      int toBlock,
      double[] squares) {
    if (!a.columnsListed() || VectorColumnSgd.listsItsOwnColumns(a.m, n)) {
      throw new IllegalStateException("the step in blocks needs A's columns listed");
    }
    VectorColumnSgd.blocks(a, b, theta, n, lr, reg, fromBlock, toBlock, squares);
  }

  @Override
  public void sparseMatmulPart(
      SparseRows a, float[] b, float[] c, int n, int fromCol, int toCol, boolean continuing) {
    VectorMatmul.sparseMatmulPart(a, b, c, n, fromCol, toCol, continuing);
  }

  @Override
  public float sparseMatmulTransASgdUpdate(
      SparseRows a, float[] b, float[] theta, int n, float lr, float reg) {
    // the columns are listed on the threads that use them: each lists its own rows of θ, or, for a
    // large batch, each chunk of the batch's rows in turn (VectorColumnSgd.chunked)
    boolean listed = a.columnsListed() || VectorColumnSgd.listsItsOwnColumns(a.m, n);
    if (!listed) {
      a.prepareColumns();
    }
    long work = (long) a.nonZeros() * n;
    int blocks = VectorColumnSgd.blocks(a.k);
    double[] squares = new double[blocks];
    Parallel.forRows(
        blocks,
        work,
        (from, to) -> {
          if (!listed) {
            a.listColumns(
                from * VectorColumnSgd.BLOCK_ROWS, Math.min(a.k, to * VectorColumnSgd.BLOCK_ROWS));
          }
          VectorColumnSgd.blocks(a, b, theta, n, lr, reg, from, to, squares);
        });
    if (!listed) {
      a.columnsDone();
    }
    double total = 0;
    for (double s : squares) {
      total += s;
    }
    return (float) total;
  }
}
