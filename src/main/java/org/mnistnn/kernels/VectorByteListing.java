package org.mnistnn.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lists the non-zero bytes of a byte matrix ({@link KernelProvider#listBytes}) eight bytes at a
 * time, without a branch per byte:
 *
 * <pre>
 * x     = the 8 bytes as a long               (all zero: next 8 bytes)
 * mask  = one bit per non-zero byte            (SWAR, then a multiply gathers the 8 bits)
 * pos   = POSITIONS[mask]                      (where the non-zero bytes are, packed to the front)
 * col[nz .. nz+8) = p + pos                    (one 8-int store)
 * val[nz .. nz+8) = float(bytes[pos]) · scale  (bytes widened to ints, permuted by pos, one store)
 * nz   += bitCount(mask)
 * </pre>
 *
 * The stores write all 8 lanes; the lanes past the non-zeros are overwritten by the next group or
 * lie beyond the row's end, inside the k + 1 slots {@link SparseRows#roomForRow} makes. The values
 * are the same float products as the scalar loop's ({@code int → float} is exact, then one IEEE
 * multiply per lane). Per non-zero pixel of MNIST this is about half the time of a per-byte loop:
 * the branch per byte, or the loop over the set bits, mispredicts on MNIST's short runs of ink.
 */
final class VectorByteListing {
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH = 0x8080808080808080L;

  /**
   * For each 8-bit mask, the positions of its set bits in ascending order, then 7s as filler (any
   * lane would do): row {@code mask} is entries {@code [8·mask, 8·mask + 8)}.
   */
  private static final int[] POSITIONS = new int[256 * 8];

  static {
    for (int mask = 0; mask < 256; mask++) {
      int j = 0;
      for (int b = 0; b < 8; b++) {
        if ((mask >>> b & 1) != 0) {
          POSITIONS[mask * 8 + j++] = b;
        }
      }
      while (j < 8) {
        POSITIONS[mask * 8 + j++] = 7;
      }
    }
  }

  private VectorByteListing() {}

  /**
   * Bit j set when byte j of {@code x} (little-endian) is non-zero: {@code (b & 0x7F) + 0x7F} has
   * its top bit set when the low seven bits are not all zero (no carry leaves the byte), {@code |
   * b} adds the top bit itself; the multiply moves bit 8j+7 (shifted to 8j) to bit 56+j.
   */
  static int nonZeroMask(long x) {
    long high = (((x & LOW7) + LOW7) | x) & HIGH;
    return (int) (((high >>> 7) * 0x0102040810204080L) >>> 56);
  }

  /** Keeps the loads of {@link #touch} from being optimised away. */
  private static int touched;

  /**
   * Reads one byte of every cache line of the picked rows. Rows picked at random from a large
   * dataset (a shuffled batch from MNIST's 47 MB) are mostly in memory, on pages missing from the
   * TLB; reading them one after another pays each miss in turn, while these independent loads let
   * the processor wait for all of them at once.
   */
  private static void touch(byte[] a, int[] rows, int from, int m, int k) {
    int sum = 0;
    for (int i = 0; i < m; i++) {
      int o = rows[from + i] * k;
      for (int p = 0; p < k; p += 64) {
        sum += a[o + p];
      }
      if (k > 0) {
        sum += a[o + k - 1];
      }
    }
    touched += sum;
  }

  static void listBytes(byte[] a, int[] rows, int from, int m, int k, float scale, SparseRows out) {
    out.reset(m, k);
    if (rows != null) {
      touch(a, rows, from, m, k);
    }
    int nz = 0;
    for (int i = 0; i < m; i++) {
      out.roomForRow(nz);
      int[] col = out.col;
      float[] val = out.val;
      int o = (rows == null ? from + i : rows[from + i]) * k;
      int p = 0;
      for (; p + 8 <= k; p += 8) {
        long x = (long) LONGS.get(a, o + p);
        if (x == 0L) {
          continue;
        }
        int mask = nonZeroMask(x);
        IntVector pos = IntVector.fromArray(I, POSITIONS, mask * 8);
        pos.add(p).intoArray(col, nz);
        IntVector bytes =
            ((IntVector) ByteVector.fromArray(B, a, o + p).convertShape(VectorOperators.B2I, I, 0))
                .and(0xFF);
        ((FloatVector) bytes.rearrange(pos.toShuffle()).convert(VectorOperators.I2F, 0))
            .mul(scale)
            .intoArray(val, nz);
        nz += Integer.bitCount(mask);
      }
      for (; p < k; p++) {
        int v = a[o + p] & 0xFF;
        if (v != 0) {
          col[nz] = p;
          val[nz] = v * scale;
          nz++;
        }
      }
      out.rowStart[i + 1] = nz;
    }
  }
}
