package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Listing the non-zeros of a byte matrix ({@link KernelProvider#listBytes}): the vector listing
 * gives exactly the reference's lists, and the reference gives exactly what listing the converted
 * floats gives, on random bytes with rows empty, dense, sparse or in runs, row lengths around the
 * 8-byte step, rows picked in any order from a larger matrix, and several scales.
 */
class ByteListingProperties {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  @Property(tries = 400)
  void vectorListingEqualsReference(
      @ForAll @IntRange(min = 0, max = 30) int m,
      @ForAll @IntRange(min = 0, max = 80) int k,
      @ForAll @IntRange(min = 0, max = 10) int extraRows,
      @ForAll boolean picked,
      @ForAll("rowKinds") int[] kinds,
      @ForAll("scales") float scale,
      @ForAll long seed) {
    Random rng = new Random(seed);
    int total = m + extraRows;
    byte[] a = rowsOfKinds(rng, total, k, kinds);
    int[] rows = null;
    int from = rng.nextInt(extraRows + 1);
    if (picked) {
      // rows in any order, repeats allowed, after an offset, as training picks its batches
      from = rng.nextInt(3);
      rows = new int[from + m];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = rng.nextInt(Math.max(1, total));
      }
    }
    SparseRows want = new SparseRows();
    SparseRows got = new SparseRows();
    scalar.listBytes(a, rows, from, m, k, scale, want);
    vector.listBytes(a, rows, from, m, k, scale, got);
    SparseRowsTest.assertSameLists(want, got);

    // the reference lists what listing the converted floats lists
    float[] floats = new float[m * k];
    for (int i = 0; i < m; i++) {
      int r = rows == null ? from + i : rows[from + i];
      for (int p = 0; p < k; p++) {
        floats[i * k + p] = (a[r * k + p] & 0xFF) * scale;
      }
    }
    SparseRows fromFloats = new SparseRows();
    scalar.listNonZeros(floats, m, k, fromFloats);
    if (scale != 0f) { // with scale 0 the floats are all zero; the bytes' lists keep the entries
      SparseRowsTest.assertSameLists(fromFloats, want);
    }
  }

  /** Reused lists forget the previous, larger or smaller, listing. */
  @Property(tries = 50)
  void reusedListsEqualFreshOnes(@ForAll("rowKinds") int[] kinds, @ForAll long seed) {
    Random rng = new Random(seed);
    SparseRows reused = new SparseRows();
    for (int[] shape : new int[][] {{3, 784}, {16, 784}, {2, 9}, {40, 17}, {1, 784}}) {
      byte[] a = rowsOfKinds(rng, shape[0], shape[1], kinds);
      SparseRows fresh = new SparseRows();
      vector.listBytes(a, null, 0, shape[0], shape[1], 1f / 255f, reused);
      scalar.listBytes(a, null, 0, shape[0], shape[1], 1f / 255f, fresh);
      SparseRowsTest.assertSameLists(fresh, reused);
    }
  }

  /** Every pattern of zero and non-zero bytes in one 8-byte group, with every byte value. */
  @Property(tries = 1)
  void everyMaskOfEightBytes() {
    int m = 256;
    int k = 8;
    byte[] a = new byte[m * k];
    Random rng = new Random(5);
    for (int mask = 0; mask < 256; mask++) {
      for (int b = 0; b < 8; b++) {
        a[mask * k + b] = (mask >>> b & 1) != 0 ? (byte) (1 + rng.nextInt(255)) : 0;
      }
    }
    a[3 * k] = (byte) 0x80; // bytes with only the top bit, and all bits
    a[3 * k + 1] = (byte) 0xFF;
    SparseRows want = new SparseRows();
    SparseRows got = new SparseRows();
    scalar.listBytes(a, null, 0, m, k, 1f / 255f, want);
    vector.listBytes(a, null, 0, m, k, 1f / 255f, got);
    SparseRowsTest.assertSameLists(want, got);
    for (int mask = 0; mask < 256; mask++) {
      assertEquals(Integer.bitCount(mask), got.rowStart[mask + 1] - got.rowStart[mask]);
    }
  }

  @Provide
  Arbitrary<int[]> rowKinds() {
    return Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Float> scales() {
    return Arbitraries.of(1f / 255f, 1f, 0.5f, 3.7e-3f, 1e-30f, 0f, -2f);
  }

  /**
   * Row i is of kind {@code kinds[i % kinds.length]}: 0 all zero, 1 all non-zero, 2 sparse (like
   * MNIST, 19%), 3 runs of ink, 4 any byte (half zero).
   */
  static byte[] rowsOfKinds(Random rng, int m, int k, int[] kinds) {
    byte[] a = new byte[m * k];
    for (int i = 0; i < m; i++) {
      int kind = kinds[i % kinds.length];
      for (int p = 0; p < k; p++) {
        int v =
            switch (kind) {
              case 0 -> 0;
              case 1 -> 1 + rng.nextInt(255);
              case 2 -> rng.nextFloat() < 0.19f ? 1 + rng.nextInt(255) : 0;
              case 3 -> (p / 5) % 2 == 0 ? 0 : 1 + rng.nextInt(255);
              default -> rng.nextBoolean() ? 0 : rng.nextInt(256);
            };
        a[i * k + p] = (byte) v;
      }
    }
    return a;
  }
}
