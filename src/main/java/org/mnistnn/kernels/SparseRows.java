package org.mnistnn.kernels;

/**
 * The non-zero entries of a matrix A (m × k), row by row, and on request column by column:
 *
 * <pre>
 * row i:     entries t in [rowStart[i], rowStart[i+1]),  A[i, col[t]] = val[t],     col ascending
 * column p:  entries u in [colStart[p], colStart[p+1]),  A[colRow[u], p] = colVal[u], rows ascending
 * </pre>
 *
 * For MNIST, x has about 150 non-zero pixels of 784 per image, so the products {@code x · W1} and
 * {@code xᵀ · dz1} only need those: the rows are listed once per batch ({@link
 * KernelProvider#listNonZeros}) and both products use the lists. The arrays are work space, grown
 * on demand and reused from batch to batch, so steady-state training does not allocate. Not thread
 * safe: one per thread (the kernels only read it, from any number of threads).
 */
public final class SparseRows {
  int m;
  int k;
  int[] rowStart = new int[1];
  int[] col = new int[0];
  float[] val = new float[0];
  int[] colStart = new int[1];
  int[] colRow = new int[0];
  float[] colVal = new float[0];
  private int[] next = new int[0];
  private boolean byColumns;

  /** The number of rows m. */
  public int rows() {
    return m;
  }

  /** The number of columns k. */
  public int cols() {
    return k;
  }

  /** The number of non-zero entries. */
  public int nonZeros() {
    return rowStart[m];
  }

  /**
   * Lists the non-zeros of A (m × k) given as unsigned bytes, entry {@code (a[i·k + p] & 0xFF) ·
   * scale}: what {@code listNonZeros} gives for the float matrix with those entries (the same float
   * product), without making the float matrix. With the kernels in use ({@link
   * KernelProvider#listBytes}).
   */
  public void listBytes(byte[] a, int m, int k, float scale) {
    Kernels.get().listBytes(a, null, 0, m, k, scale, this);
  }

  /**
   * {@link #listBytes(byte[], int, int, float)} for rows picked from a larger byte matrix: row i is
   * row {@code rows[from + i]} of {@code a} ({@code from + i} when {@code rows} is null), so a
   * batch is listed straight from a dataset's bytes, without copying them first.
   */
  public void listBytes(byte[] a, int[] rows, int from, int m, int k, float scale) {
    Kernels.get().listBytes(a, rows, from, m, k, scale, this);
  }

  /**
   * What {@link #listBytes(byte[], int[], int, int, int, float)} gives for rows {@code rows[from ..
   * from+m)} ({@code from .. from+m} when {@code rows} is null) of a byte matrix, copied from that
   * matrix's lists made beforehand ({@link SparseByteRows}) instead of found among its bytes. With
   * the kernels in use ({@link KernelProvider#copyRows}).
   */
  public void copyRows(SparseByteRows a, int[] rows, int from, int m, float scale) {
    Kernels.get().copyRows(a, rows, from, m, scale, this);
  }

  /** Starts a new list for an m × k matrix; the kernels fill the rows. */
  void reset(int m, int k) {
    this.m = m;
    this.k = k;
    byColumns = false;
    if (rowStart.length < m + 1) {
      rowStart = new int[m + 1];
    }
    rowStart[0] = 0;
  }

  /**
   * Makes room for one more row after {@code used} entries: a whole row (k entries) plus one, since
   * the vector listings write past what they keep (one slot for floats, up to seven, still inside
   * the row's k, for bytes). Grows by doubling, keeping the entries.
   */
  void roomForRow(int used) {
    int need = used + k + 1;
    if (col.length < need) {
      int cap = Math.max(need, 2 * col.length);
      col = java.util.Arrays.copyOf(col, cap);
      val = java.util.Arrays.copyOf(val, cap);
    }
  }

  /**
   * Lists the entries by column too (once per batch; later calls return at once): counts per
   * column, then places every entry, reading the rows in order so each column's rows ascend.
   */
  void listColumns() {
    if (byColumns) {
      return;
    }
    int nnz = nonZeros();
    if (colStart.length < k + 1) {
      colStart = new int[k + 1];
      next = new int[k];
    }
    if (colRow.length < nnz) {
      colRow = new int[Math.max(nnz, col.length)];
      colVal = new float[colRow.length];
    }
    java.util.Arrays.fill(colStart, 0, k + 1, 0);
    for (int t = 0; t < nnz; t++) {
      colStart[col[t] + 1]++;
    }
    for (int p = 0; p < k; p++) {
      colStart[p + 1] += colStart[p];
    }
    System.arraycopy(colStart, 0, next, 0, k);
    for (int i = 0; i < m; i++) {
      for (int t = rowStart[i]; t < rowStart[i + 1]; t++) {
        int u = next[col[t]]++;
        colRow[u] = i;
        colVal[u] = val[t];
      }
    }
    byColumns = true;
  }
}
