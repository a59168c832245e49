package org.mnistnn.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The non-zero entries of a whole matrix A (m × k) of unsigned bytes, listed once and kept
 * compactly, so that a batch of its rows becomes a {@link SparseRows} by copying ({@link
 * SparseRows#copyRows}, {@link KernelProvider#copyRows}) instead of by listing the bytes again:
 *
 * <pre>
 * row i:  entries t in [start[i], start[i+1]),  e = entries[t],  A[i, e >>> 8] = e &amp; 0xFF,  columns ascending
 * </pre>
 *
 * These are the entries {@link KernelProvider#listBytes} lists for the same rows, in the same order
 * (tests check it entry for entry), and {@code copyRows} multiplies each byte by the scale as the
 * listing does, so a copied batch holds the same floats, bit for bit.
 *
 * <p>Why one {@code int} per entry (column and byte packed) rather than a {@code short} column and
 * a {@code byte} value in two arrays (3 bytes): a training batch picks its rows at random from the
 * whole list, so the copy waits on memory, and one array means one stream of cache lines and one
 * page (TLB entry) per row instead of two. Measured at batch 16 on MNIST, rows touched ahead and
 * copied by vectors (a scratch probe with both layouts side by side, medians of 31 rounds): 4.1 µs
 * per batch with one packed array, 5.1 µs with two. MNIST's training set (60,000 × 784 bytes, 47
 * MB) has 8,994,156 non-zero pixels: 36 MB here, plus 0.24 MB of row starts. Immutable once made,
 * so any number of threads may copy from it.
 */
public final class SparseByteRows {
  /** The widest row a packed entry can index: the column has the 24 bits above the byte. */
  public static final int MAX_COLS = 1 << 24;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH = 0x8080808080808080L;

  /** Slots past the last entry that the branchless listing of {@link #of} may write. */
  private static final int SLACK = 7;

  final int m;
  final int k;

  /** Where each row's entries start (m + 1); {@code start[m]} is the number of entries. */
  final int[] start;

  /** Each entry as {@code column << 8 | byte}, rows one after another ({@code start[m] + 7}). */
  final int[] entries;

  private SparseByteRows(int m, int k, int[] start, int[] entries) {
    this.m = m;
    this.k = k;
    this.start = start;
    this.entries = entries;
  }

  /**
   * Lists the non-zeros of {@code a} (m × k unsigned bytes, row-major) in two passes over the
   * bytes: the first counts each row's non-zeros, so the entries are allocated once at their final
   * size (growing them by doubling would hold two copies for a moment: 36 MB more for MNIST); the
   * second lists them. Both read eight bytes at a time and skip the all-zero groups (60% of MNIST's
   * groups). Plain scalar loops on purpose: this runs once per process, before the JIT has compiled
   * any of it, and such loops are compiled after a few hundred rows, while the vector listing of
   * {@link VectorByteListing} runs interpreted far longer. Measured for MNIST's training set
   * (bench/probes/PrelistProbe.java compiled, a busy machine, three runs): the first build of a
   * process 124-130 ms, later ones 60-77 ms. Under the source launcher (whose javac keeps the JIT
   * busy too) the first took 426 ms, and 980 ms when made of the vector listing in chunks (later
   * ones 53 ms). Split over both cores ({@link Parallel#forRows}), later builds took 45-49 ms but
   * the first still 125-159 ms, most of it the JIT's work: not worth the threads.
   *
   * @throws IllegalArgumentException if {@code a} is not m × k, or k is wider than {@link
   *     #MAX_COLS}
   */
  public static SparseByteRows of(byte[] a, int m, int k) {
    if (m < 0 || k < 0 || (long) m * k != a.length) {
      throw new IllegalArgumentException(
          "a byte matrix of " + m + " × " + k + " was expected but " + a.length + " bytes came");
    }
    if (k > MAX_COLS) {
      throw new IllegalArgumentException(
          "rows of " + k + " columns are wider than the " + MAX_COLS + " a packed entry can index");
    }
    int[] start = new int[m + 1];
    for (int i = 0; i < m; i++) {
      start[i + 1] = start[i] + countNonZeros(a, i * k, k);
    }
    int[] entries = new int[start[m] + SLACK];
    for (int i = 0; i < m; i++) {
      int end = listRow(a, i * k, k, entries, start[i]);
      assert end == start[i + 1] : "row " + i + ": counted " + start[i + 1] + ", listed " + end;
    }
    return new SparseByteRows(m, k, start, entries);
  }

  /** Non-zero bytes of {@code a[o .. o+k)}: one top bit per non-zero byte (SWAR), counted. */
  private static int countNonZeros(byte[] a, int o, int k) {
    int n = 0;
    int p = 0;
    for (; p + 8 <= k; p += 8) {
      long x = (long) LONGS.get(a, o + p);
      // (b & 0x7F) + 0x7F sets the top bit when the low seven bits are not all zero; | b adds it
      n += Long.bitCount((((x & LOW7) + LOW7) | x) & HIGH);
    }
    for (; p < k; p++) {
      n += a[o + p] != 0 ? 1 : 0;
    }
    return n;
  }

  /**
   * Lists the non-zeros of {@code a[o .. o+k)} into {@code out} from {@code nz} on; returns the
   * end. Inside a group of eight with ink, every byte is written and the end only moves on for
   * non-zero ones: no branch per byte, which would mispredict on MNIST's short runs of ink. So it
   * may write up to seven slots past the end it returns ({@link #SLACK}).
   */
  private static int listRow(byte[] a, int o, int k, int[] out, int nz) {
    int p = 0;
    for (; p + 8 <= k; p += 8) {
      long x = (long) LONGS.get(a, o + p);
      if (x == 0L) {
        continue;
      }
      for (int b = 0; b < 8; b++) {
        int v = (int) (x >>> (8 * b)) & 0xFF;
        out[nz] = (p + b) << 8 | v;
        nz += v != 0 ? 1 : 0;
      }
    }
    for (; p < k; p++) {
      int v = a[o + p] & 0xFF;
      if (v != 0) {
        out[nz++] = p << 8 | v;
      }
    }
    return nz;
  }

  /** The number of rows m. */
  public int rows() {
    return m;
  }

  /** The number of columns k. */
  public int cols() {
    return k;
  }

  /** The number of non-zero entries of the whole matrix. */
  public int nonZeros() {
    return start[m];
  }

  /** The number of non-zero entries of row {@code i}. */
  public int nonZeros(int i) {
    return start[i + 1] - start[i];
  }
}
