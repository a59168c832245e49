package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies rows of a {@link SparseByteRows} into a {@link SparseRows} ({@link
 * KernelProvider#copyRows}) eight entries at a time:
 *
 * <pre>
 * e = entries[t .. t+8)                       (one 8-int load)
 * col[nz .. nz+8) = e >>> 8                    (one shift, one store)
 * val[nz .. nz+8) = float(e &amp; 0xFF) · scale   (and, int → float, multiply, one store)
 * </pre>
 *
 * then the row's last (fewer than eight) entries one by one, so nothing is read or written past the
 * row. The values are the scalar loop's products ({@code int → float} is exact, then one IEEE
 * multiply per lane). C2 on JDK 17 does not vectorise the plain loop of {@link
 * ScalarKernels#copyRows}, so the vectors are written out here.
 *
 * <p>The rows of a shuffled batch lie anywhere in the 36 MB of MNIST's lists, mostly not in the
 * caches: before copying, one entry per cache line of every picked row is read, so the processor
 * waits for all those misses at once rather than row after row (as {@link VectorByteListing} does
 * for the bytes). Measured at batch 16 on MNIST, medians of 31 rounds of 375 shuffled batches, a
 * busy machine (a scratch probe with the variants side by side): the plain loop 12.7 µs per batch,
 * with vectors 7.0, with the reads ahead 6.1, with both 4.1; listing the bytes 13.0. In
 * bench/probes/PrelistProbe.java: this copy 6.0 µs, the plain loop 16.7, the listing 14.0.
 *
 * <p>Each row's place in the output is known beforehand (the rows' lengths, summed), so a large
 * batch's rows are copied on both cores ({@link #WORK_PER_ENTRY}). Whole epochs in one JVM,
 * alternating with the one-thread copy ({@code bench/probes/TrainAB.java}, 7 pairs each): batch
 * 1024 0.91×, batch 128 0.90×; batch 16 stays on one thread (0.97×, 9 pairs: noise).
 */
final class VectorRowCopy {
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;

  /** Ints per 64-byte cache line. */
  private static final int LINE = 16;

  private VectorRowCopy() {}

  /** Keeps the loads of {@link #touch} from being optimised away. */
  private static int touched;

  /** Reads one entry of every cache line of the picked rows (see the class comment). */
  private static void touch(SparseByteRows a, int[] rows, int from, int m) {
    int[] start = a.start;
    int[] entries = a.entries;
    int sum = 0;
    for (int i = 0; i < m; i++) {
      int r = rows[from + i];
      int end = start[r + 1];
      for (int t = start[r]; t < end; t += LINE) {
        sum += entries[t];
      }
    }
    touched += sum;
  }

  /**
   * Copying one entry takes about as long as 64 of the first layer's multiply-adds (batch 1024: 3.9
   * ns an entry, 55 ps a multiply-add), so a batch's copy counts as that much work for {@link
   * Parallel#forRows}: large batches (from about 100 images) copy their rows on both cores.
   */
  static final long WORK_PER_ENTRY = 64;

  static void copyRows(SparseByteRows a, int[] rows, int from, int m, float scale, SparseRows out) {
    out.reset(m, a.k);
    int[] start = a.start;
    // where each row goes: the rows' lengths, summed
    int total = 0;
    for (int i = 0; i < m; i++) {
      int r = rows == null ? from + i : rows[from + i];
      out.rowStart[i] = total;
      total += start[r + 1] - start[r];
    }
    out.rowStart[m] = total;
    out.roomForRow(total);
    Parallel.forRows(
        m,
        total * WORK_PER_ENTRY,
        (lo, hi) -> copy(a, rows, from, lo, hi, scale, out.col, out.val, out.rowStart));
  }

  /** Rows {@code [lo, hi)} of the batch, each to the place {@code rowStart} gives. */
  private static void copy(
      SparseByteRows a,
      int[] rows,
      int from,
      int lo,
      int hi,
      float scale,
      int[] col,
      float[] val,
      int[] rowStart) {
    if (rows != null) {
      touch(a, rows, from + lo, hi - lo);
    }
    int[] start = a.start;
    int[] entries = a.entries;
    for (int i = lo; i < hi; i++) {
      int r = rows == null ? from + i : rows[from + i];
      int first = start[r];
      int n = start[r + 1] - first;
      int nz = rowStart[i];
      int t = 0;
      for (; t + 8 <= n; t += 8) {
        IntVector e = IntVector.fromArray(I, entries, first + t);
        e.lanewise(VectorOperators.LSHR, 8).intoArray(col, nz + t);
        ((FloatVector) e.and(0xFF).convert(VectorOperators.I2F, 0))
            .mul(scale)
            .intoArray(val, nz + t);
      }
      for (; t < n; t++) {
        int e = entries[first + t];
        col[nz + t] = e >>> 8;
        val[nz + t] = (e & 0xFF) * scale;
      }
    }
  }
}
