package org.mnistnn.kernels;

/**
 * The numeric kernels one training step needs. Matrices are flat row-major {@code float[]}; each
 * method names the shape of every argument. Implementations overwrite their output argument (they
 * never accumulate into it) and do not allocate, except {@link #listNonZeros}, which grows its
 * {@link SparseRows} the first times it meets a batch with more non-zeros.
 */
public interface KernelProvider {

  /** A short name for messages and benchmarks ("scalar", "vector"). */
  String name();

  /** {@code C = A · B} with A (m × k), B (k × n), C (m × n). */
  void matmul(float[] a, float[] b, float[] c, int m, int k, int n);

  /** {@code C = Aᵀ · B} with A (m × k), B (m × n), C (k × n). Used for {@code dW = xᵀ · dz}. */
  void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n);

  /** {@code C = A · Bᵀ} with A (m × n), B (k × n), C (m × k). Used for {@code dx = dz · Wᵀ}. */
  void matmulTransB(float[] a, float[] b, float[] c, int m, int n, int k);

  /**
   * Lists the non-zero entries of A (m × k) row by row into {@code out}, for {@link #sparseMatmul}
   * and {@link #sparseMatmulTransA}. Zeros (and −0) are left out.
   */
  void listNonZeros(float[] a, int m, int k, SparseRows out);

  /**
   * Lists the non-zeros of A (m × k) whose row i is the k unsigned bytes {@code a[r·k .. r·k+k)} of
   * row {@code r = rows[from + i]} of {@code a} ({@code r = from + i} when {@code rows} is null),
   * entry {@code (byte & 0xFF) · scale}: what {@link #listNonZeros} gives for the float matrix with
   * those entries (the same float product), without making the float matrix or copying the rows.
   * For MNIST images straight from the dataset's bytes (scale 1/255).
   */
  void listBytes(byte[] a, int[] rows, int from, int m, int k, float scale, SparseRows out);

  /**
   * What {@link #listBytes} lists for rows {@code rows[from .. from+m)} ({@code from .. from+m}
   * when {@code rows} is null) of a byte matrix, copied from that matrix's lists made once ({@link
   * SparseByteRows}): the same columns, in the same order, and the same floats {@code (byte & 0xFF)
   * · scale} (an exact {@code int → float}, then one IEEE multiply). About 150 entries copied per
   * MNIST image instead of 784 bytes scanned; for training, which lists every image every epoch.
   */
  void copyRows(SparseByteRows a, int[] rows, int from, int m, float scale, SparseRows out);

  /**
   * {@code C = A · B} with A (m × k) given by its non-zeros, B (k × n), C (m × n): {@link #matmul}
   * without looking for the zeros again. Used for {@code z1 = x · W1}.
   */
  void sparseMatmul(SparseRows a, float[] b, float[] c, int n);

  /**
   * {@code C = Aᵀ · B} with A (m × k) given by its non-zeros, B (m × n), C (k × n): {@link
   * #matmulTransA} on the lists made in the forward pass. Used for {@code dW1 = xᵀ · dz1}.
   */
  void sparseMatmulTransA(SparseRows a, float[] b, float[] c, int n);

  /** {@code Z[i, :] += b} for every row i; Z (m × n), b (n). */
  void addRowVector(float[] z, float[] b, int m, int n);

  /** {@code h = max(0, z)} element-wise over the first {@code len} entries. */
  void relu(float[] z, float[] h, int len);

  /** {@code dz = dh ⊙ 1[z > 0]} element-wise over the first {@code len} entries. */
  void reluBackward(float[] dh, float[] z, float[] dz, int len);

  /** Row-wise softmax {@code p[i, j] = exp(z[i, j] − max_j z[i, :]) / Σ ...}; z, p (m × n). */
  void softmaxRows(float[] z, float[] p, int m, int n);

  /** {@code out[j] = Σ_i a[i, j]}; a (m × n), out (n). */
  void columnSums(float[] a, float[] out, int m, int n);

  /**
   * The SGD step with L2: {@code θ ← θ − lr · (g + reg · θ)} over the first {@code len} entries.
   */
  void sgdUpdate(float[] theta, float[] grad, float lr, float reg, int len);

  /** {@code Σ a[i]²} over the first {@code len} entries, accumulated in double. */
  float sumOfSquares(float[] a, int len);

  /**
   * {@link #sgdUpdate}, then {@link #sumOfSquares} of the new θ, in one pass: the same floats and
   * the same sum, bit for bit, without reading θ a second time. The sum feeds the L2 term of the
   * next step's loss.
   */
  float sgdUpdateSumOfSquares(float[] theta, float[] grad, float lr, float reg, int len);

  /**
   * {@link #sparseMatmulTransA} into a gradient G (k × n), then {@link #sgdUpdateSumOfSquares} of θ
   * (k × n) with G, without storing G: the same floats in θ and the same sum, bit for bit, as the
   * two calls of the same provider. This is {@code dW1 = xᵀ · dz1} folded into the update of W1, so
   * the 313 KB of dW1 are neither written nor read back.
   *
   * <pre>
   * G = Aᵀ · B                       A (m × k) by its non-zeros, B (m × n)
   * θ ← θ − lr · (G + reg · θ)       θ (k × n)
   * returns Σ θ²
   * </pre>
   */
  float sparseMatmulTransASgdUpdate(
      SparseRows a, float[] b, float[] theta, int n, float lr, float reg);

  /**
   * Lists {@code a}'s entries by column now if {@link #sparseMatmulTransASgdUpdate} with rows of
   * {@code n} would list all of them itself; otherwise nothing. For a thread that prepares batches
   * ahead of the trainer. The default does nothing: the scalar step reads the rows only.
   */
  default void listColumnsForStep(SparseRows a, int n) {}

  /**
   * Whether this provider can take the plain-SGD step of {@link #sparseMatmulTransASgdUpdate} in
   * blocks of θ's rows ({@link #sparseMatmulTransASgdUpdateBlocks}) and the product of {@link
   * #sparseMatmul} in parts over ranges of A's columns ({@link #sparseMatmulPart}), with the same
   * floats as the whole calls, for a batch of {@code m} rows and rows of {@code n}: what a step
   * needs to share its first layer between two threads, each keeping its own rows of W1. The
   * default: no.
   */
  default boolean splitsSteps(int m, int n) {
    return false;
  }

  /**
   * Rows {@code [fromBlock · STEP_BLOCK_ROWS, toBlock · STEP_BLOCK_ROWS)} of θ (the last block may
   * be short) of {@link #sparseMatmulTransASgdUpdate}, whose sums of squares of the new rows go to
   * {@code squares[block]}. A's columns must be listed ({@link SparseRows#listColumns}). Over all
   * blocks, the whole call's result is {@code (float)} of the sum of {@code squares} in block
   * order. Only where {@link #splitsSteps} says so.
   */
  default void sparseMatmulTransASgdUpdateBlocks(
      SparseRows a,
      float[] b,
      float[] theta,
      int n,
      float lr,
      float reg,
      int fromBlock,
      int toBlock,
      double[] squares) {
    throw new UnsupportedOperationException(name() + " does not split steps");
  }

  /** Rows of θ per block of {@link #sparseMatmulTransASgdUpdateBlocks}. */
  int STEP_BLOCK_ROWS = 32;

  /** The number of blocks of {@link #STEP_BLOCK_ROWS} rows in {@code k} rows. */
  static int stepBlocks(int k) {
    return (k + STEP_BLOCK_ROWS - 1) / STEP_BLOCK_ROWS;
  }

  /**
   * Part of {@link #sparseMatmul}: C's rows summed over A's non-zeros in columns {@code [fromCol,
   * toCol)} only, set, or, if {@code continuing}, going on from C's values. Parts over consecutive
   * ranges, the first not continuing, give the whole call's floats. On the calling thread only.
   * Only where {@link #splitsSteps} says so.
   */
  default void sparseMatmulPart(
      SparseRows a, float[] b, float[] c, int n, int fromCol, int toCol, boolean continuing) {
    throw new UnsupportedOperationException(name() + " does not split steps");
  }
}
