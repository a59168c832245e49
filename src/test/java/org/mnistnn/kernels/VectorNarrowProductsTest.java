package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mnistnn.kernels.KernelAssert.SUM_TOLERANCE;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.productScale;
import static org.mnistnn.kernels.KernelAssert.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second layer's narrow products ({@link VectorNarrowProducts}): bit for bit the general vector
 * loops of {@link VectorMatmul} (the same operations in the same order), and close to the reference
 * loops.
 */
class VectorNarrowProductsTest {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  /** Every narrow width with awkward row counts and inner sizes, and the network's shape. */
  static Stream<int[]> shapes() {
    List<int[]> s = new ArrayList<>();
    int v = FloatVector8.length();
    for (int n = v; n < 2 * v; n++) {
      for (int m : new int[] {0, 1, 3, 16}) {
        for (int k : new int[] {0, 1, 7, 8, 9, 17, 100}) {
          s.add(new int[] {m, k, n});
        }
      }
    }
    s.add(new int[] {16, 100, 10});
    s.add(new int[] {33, 784, 10});
    s.add(new int[] {1000, 100, 10}); // large enough to be split over the cores
    return s.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void matmulIsTheGeneralLoopsBitForBit(int[] shape) {
    int m = shape[0];
    int k = shape[1];
    int n = shape[2];
    Random rng = new Random(131L * m + 17L * k + n);
    for (double zeros : new double[] {0.0, 0.5, 0.9, 1.0}) {
      float[] a = random(rng, m * k, zeros);
      if (a.length > 2) {
        a[a.length / 2] = -0f; // −0 is skipped like 0
      }
      float[] b = random(rng, k * n, 0.1);
      float[] general = garbage(m * n);
      float[] narrow = garbage(m * n);
      float[] want = garbage(m * n);
      VectorMatmul.matmul(a, b, general, m, k, n);
      VectorNarrowProducts.matmul(a, b, narrow, m, k, n);
      assertArrayEquals(general, narrow, "narrow matmul vs VectorMatmul " + Arrays.toString(shape));
      vector.matmul(a, b, narrow, m, k, n);
      assertArrayEquals(general, narrow, "provider matmul " + Arrays.toString(shape));
      scalar.matmul(a, b, want, m, k, n);
      assertClose(want, narrow, productScale(a, b, m, k, n), SUM_TOLERANCE, "matmul vs scalar");
    }
  }

  /**
   * dW2 = h1ᵀ · dz2 with C narrow ({@link VectorNarrowTransA}, its last k mod V entries by a vector
   * that overlaps the one before): bit for bit the wide kernel over A's listed non-zeros.
   */
  @Test
  void narrowTransAIsTheColumnProductsBitForBit() {
    int v = FloatVector8.length();
    Random rng = new Random(11);
    for (int n = 1; n < 2 * v; n++) {
      // 64 and 150 rows: one whole block, then blocks whose sums carry over (ROW_BLOCK = 64)
      for (int m : new int[] {0, 1, 5, 16, 64, 150}) {
        for (int k : new int[] {v, v + 1, 2 * v - 1, 3 * v + 3, 100}) {
          float[] a = random(rng, m * k, 0.5);
          float[] b = random(rng, m * n, 0.1);
          float[] narrow = garbage(k * n);
          float[] wide = garbage(k * n);
          float[] want = garbage(k * n);
          VectorNarrowTransA.matmulTransA(
              a, b, narrow, m, k, n, new float[VectorNarrowTransA.workSize(k, n)]);
          SparseRows rows = new SparseRows();
          VectorMatmul.listNonZeros(a, m, k, rows);
          VectorMatmul.sparseMatmulTransA(rows, b, wide, n);
          String what = "transA m " + m + " k " + k + " n " + n;
          assertArrayEquals(wide, narrow, what);
          scalar.matmulTransA(a, b, want, m, k, n);
          assertClose(
              want,
              narrow,
              productScale(KernelAssert.transpose(a, m, k), b, k, m, n),
              SUM_TOLERANCE,
              what);
        }
      }
    }
  }

  @Test
  void listPositionsListsTheNonZerosInOrder() {
    Random rng = new Random(5);
    for (int len = 0; len <= 41; len++) {
      for (double zeros : new double[] {0.0, 0.3, 0.5, 0.8, 1.0}) {
        float[] row = random(rng, len + 3, zeros);
        for (int i = 0; i < row.length; i++) {
          double u = rng.nextDouble();
          if (u < 0.05) {
            row[i] = -0f;
          } else if (u < 0.08) {
            row[i] = Float.NaN;
          } else if (u < 0.1) {
            row[i] = Float.MIN_VALUE;
          }
        }
        int off = 3;
        int[] want = new int[len];
        int nz = 0;
        for (int q = 0; q < len; q++) {
          if (row[off + q] != 0f) {
            want[nz++] = q;
          }
        }
        int[] idx = new int[len + 8];
        Arrays.fill(idx, -1);
        int got = VectorNarrowProducts.listPositions(row, off, len, idx);
        assertEquals(nz, got, "count, len " + len);
        assertArrayEquals(
            Arrays.copyOf(want, nz), Arrays.copyOf(idx, got), "positions, len " + len);
      }
    }
  }

  /** The vector length of the kernels, without naming the incubator classes in every test. */
  private static final class FloatVector8 {
    static int length() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }
  }
}
