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
   * Lists the entries by column too (once per batch; later calls return at once): {@link
   * #prepareColumns}, {@link #listColumns(int, int)} over all columns, {@link #columnsDone}.
   */
  void listColumns() {
    if (byColumns) {
      return;
    }
    prepareColumns();
    listColumns(0, k);
    columnsDone();
  }

  /**
   * Lists the entries by column now if the step {@code W ← W − lr·(Aᵀ·B + reg·W)} with rows of
   * {@code n} would read the whole batch's column lists (with the kernels in use, {@link
   * KernelProvider#listColumnsForStep}), so that a thread other than the trainer's can do it ahead.
   * Only saves time: the step lists them itself if not.
   */
  public void listColumnsForStep(int n) {
    Kernels.get().listColumnsForStep(this, n);
  }

  /**
   * Reads one word of every cache line of the lists, so that they are in this core's caches before
   * a step reads them; returns a sum of what it read (for the caller to keep, so that the reads are
   * not optimised away).
   */
  public int touch() {
    int nnz = nonZeros();
    int h = 0;
    for (int t = 0; t < nnz; t += 16) {
      h += col[t] + Float.floatToRawIntBits(val[t]);
    }
    if (byColumns) {
      for (int t = 0; t <= k; t += 16) {
        h += colStart[t];
      }
      for (int t = 0; t < nnz; t += 16) {
        h += colRow[t] + Float.floatToRawIntBits(colVal[t]);
      }
    }
    return h;
  }

  /** Whether the entries are listed by column for the current rows. */
  boolean columnsListed() {
    return byColumns;
  }

  /** Sizes the column lists for the current rows, before {@link #listColumns(int, int)}. */
  void prepareColumns() {
    int nnz = nonZeros();
    if (colStart.length < k + 1) {
      colStart = new int[k + 1];
    }
    if (colRow.length < nnz) {
      colRow = new int[Math.max(nnz, col.length)];
      colVal = new float[colRow.length];
    }
  }

  /** Marks the column lists complete, after {@link #listColumns(int, int)} covered every column. */
  void columnsDone() {
    byColumns = true;
  }

  /**
   * Lists the entries of columns {@code [from, to)} by column, after {@link #prepareColumns}: sets
   * {@code colStart[from .. to]} and fills those columns' part of {@code colRow} and {@code
   * colVal}, exactly as one pass over all columns would. Disjoint ranges may be listed by different
   * threads at once (each writes only its own part), so a large batch lists its columns on the
   * threads that then use them.
   *
   * <p>A row's columns ascend, so its entries in the range are one run, found by binary search; the
   * entries before the range (in every row) give where the range's lists start. Then a counting
   * sort of the range's entries: counts per column, starts, and every entry placed, reading the
   * rows in order so each column's rows ascend.
   */
  void listColumns(int from, int to) {
    Scratch scratch = SCRATCH.get();
    int[] first = scratch.first(m);
    int[] next = scratch.next(to - from);
    countByColumn(0, m, from, to, first, next);
    int before = 0;
    for (int i = 0; i < m; i++) {
      before += first[i] - rowStart[i];
    }
    int pos = before;
    for (int p = from; p < to; p++) {
      int count = next[p - from];
      colStart[p] = pos;
      next[p - from] = pos;
      pos += count;
    }
    // the end of the range's last column, which the next range also writes (the same value), so
    // that this thread reads it from its own write, not racing the thread listing the next range
    colStart[to] = pos;
    placeByColumn(0, m, from, to, first, next, colRow, colVal);
  }

  /**
   * The counting half of the column listings: adds to {@code counts[p − from]} the number of
   * entries of rows {@code [rowFrom, rowTo)} in column p, for p in {@code [from, to)}, and sets
   * {@code first[i − rowFrom]} to row i's first entry in a column ≥ from (a row's columns ascend: a
   * binary search). Returns how many entries there are in all.
   */
  private int countByColumn(int rowFrom, int rowTo, int from, int to, int[] first, int[] counts) {
    int total = 0;
    for (int i = rowFrom; i < rowTo; i++) {
      int end = rowStart[i + 1];
      int t = from == 0 ? rowStart[i] : firstAtLeast(col, rowStart[i], end, from);
      first[i - rowFrom] = t;
      for (; t < end && col[t] < to; t++) {
        counts[col[t] - from]++;
        total++;
      }
    }
    return total;
  }

  /**
   * The placing half: each entry counted by {@link #countByColumn} goes to position {@code cursor[p
   * − from]++} of {@code rowsOut} (its row) and {@code valsOut} (its value), p its column; rows are
   * read in order, so each column's rows ascend.
   */
  private void placeByColumn(
      int rowFrom,
      int rowTo,
      int from,
      int to,
      int[] first,
      int[] cursor,
      int[] rowsOut,
      float[] valsOut) {
    for (int i = rowFrom; i < rowTo; i++) {
      int end = rowStart[i + 1];
      for (int t = first[i - rowFrom]; t < end && col[t] < to; t++) {
        int u = cursor[col[t] - from]++;
        rowsOut[u] = i;
        valsOut[u] = val[t];
      }
    }
  }

  /**
   * Some rows' entries in a range of columns, listed by column into arrays of their own ({@link
   * #list}): for a step that goes through a large batch a chunk of rows at a time, so the lists it
   * reads, and the scattered writes that make them, stay in the core's L2 cache. One per thread.
   */
  static final class ColumnChunk {
    /** Column p's entries are {@code [start[p − from], start[p − from + 1])} of row and val. */
    int[] start = new int[1];

    /** The row of each entry, as in {@link SparseRows#colRow}. */
    int[] row = new int[0];

    /** The value of each entry, as in {@link SparseRows#colVal}. */
    float[] val = new float[0];

    private int[] first = new int[0];
    private int[] cursor = new int[0];

    /**
     * Lists the entries of rows {@code [rowFrom, rowTo)} of {@code a} in columns {@code [from, to)}
     * by column, rows ascending within a column: a counting sort, as {@link
     * SparseRows#listColumns(int, int)} does for all rows.
     */
    void list(SparseRows a, int rowFrom, int rowTo, int from, int to) {
      int width = to - from;
      if (first.length < rowTo - rowFrom) {
        first = new int[rowTo - rowFrom];
      }
      if (start.length < width + 1) {
        start = new int[width + 1];
      }
      if (cursor.length < width) {
        cursor = new int[width];
      }
      java.util.Arrays.fill(cursor, 0, width, 0);
      int total = a.countByColumn(rowFrom, rowTo, from, to, first, cursor);
      if (row.length < total) {
        row = new int[Math.max(total, 2 * row.length)];
        val = new float[row.length];
      }
      int pos = 0;
      for (int c = 0; c < width; c++) {
        start[c] = pos;
        pos += cursor[c];
        cursor[c] = start[c];
      }
      start[width] = pos;
      a.placeByColumn(rowFrom, rowTo, from, to, first, cursor, row, val);
    }
  }

  /** Work arrays of {@link #listColumns(int, int)}, one set per thread, grown on demand. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    private int[] first = new int[0];
    private int[] next = new int[0];

    int[] first(int m) {
      if (first.length < m) {
        first = new int[m];
      }
      return first;
    }

    /** {@code n} zeros. */
    int[] next(int n) {
      if (next.length < n) {
        next = new int[n];
      }
      java.util.Arrays.fill(next, 0, n, 0);
      return next;
    }
  }

  /**
   * The first position in {@code [lo, hi)} whose column is at least {@code c} ({@code hi} if none).
   */
  private static int firstAtLeast(int[] col, int lo, int hi, int c) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (col[mid] < c) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
