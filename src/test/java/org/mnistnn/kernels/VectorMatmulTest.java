package org.mnistnn.kernels;

import static org.mnistnn.kernels.KernelAssert.SIZES;
import static org.mnistnn.kernels.KernelAssert.SUM_TOLERANCE;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.productScale;
import static org.mnistnn.kernels.KernelAssert.random;
import static org.mnistnn.kernels.KernelAssert.transpose;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The three Vector API products against the reference loops, over awkward shapes. */
class VectorMatmulTest {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  /**
   * Each awkward size in each of the three positions (with the other two awkward too), plus the
   * network's own shapes.
   */
  static Stream<int[]> shapes() {
    List<int[]> s = new ArrayList<>();
    for (int size : SIZES) {
      s.add(new int[] {size, 9, 33});
      s.add(new int[] {5, size, 17});
      s.add(new int[] {3, 31, size});
      s.add(new int[] {size, size == 784 ? 7 : size, size == 784 ? 15 : size});
    }
    s.add(new int[] {16, 784, 100});
    s.add(new int[] {16, 100, 10});
    s.add(new int[] {17, 10, 100});
    s.add(new int[] {33, 784, 100});
    return s.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void matmulMatchesReference(int[] shape) {
    int m = shape[0];
    int k = shape[1];
    int n = shape[2];
    Random rng = new Random(31L * m + 7L * k + n);
    float[] a = random(rng, m * k, 0.6);
    float[] b = random(rng, k * n, 0.1);
    float[] want = garbage(m * n);
    float[] got = garbage(m * n);
    scalar.matmul(a, b, want, m, k, n);
    vector.matmul(a, b, got, m, k, n);
    assertClose(
        want, got, productScale(a, b, m, k, n), SUM_TOLERANCE, "matmul " + shapeName(shape));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void matmulTransAMatchesReference(int[] shape) {
    int m = shape[0];
    int k = shape[1];
    int n = shape[2];
    Random rng = new Random(17L * m + 3L * k + n);
    float[] a = random(rng, m * k, 0.8);
    float[] b = random(rng, m * n, 0.5);
    float[] want = garbage(k * n);
    float[] got = garbage(k * n);
    scalar.matmulTransA(a, b, want, m, k, n);
    vector.matmulTransA(a, b, got, m, k, n);
    double[] scale = productScale(transpose(a, m, k), b, k, m, n);
    assertClose(want, got, scale, SUM_TOLERANCE, "matmulTransA " + shapeName(shape));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void matmulTransBMatchesReference(int[] shape) {
    int m = shape[0];
    int n = shape[1];
    int k = shape[2];
    Random rng = new Random(13L * m + 5L * k + n);
    float[] a = random(rng, m * n, 0.3);
    float[] b = random(rng, k * n, 0.0);
    float[] want = garbage(m * k);
    float[] got = garbage(m * k);
    scalar.matmulTransB(a, b, want, m, n, k);
    vector.matmulTransB(a, b, got, m, n, k);
    double[] scale = productScale(a, transpose(b, k, n), m, n, k);
    assertClose(want, got, scale, SUM_TOLERANCE, "matmulTransB " + shapeName(shape));
  }

  /** Splitting rows over threads must not change a single bit (training stays reproducible). */
  @Test
  void threadedProductsEqualSingleThreadedBitForBit() {
    Random rng = new Random(5);
    int m = 67;
    int k = 784;
    int n = 100;
    float[] x = random(rng, m * k, 0.8);
    float[] w = random(rng, k * n, 0.0);
    float[] dz = random(rng, m * n, 0.5);
    long saved = Parallel.minParallelWork;
    try {
      Parallel.minParallelWork = Long.MAX_VALUE;
      float[][] one = products(x, w, dz, m, k, n);
      Parallel.minParallelWork = 0;
      float[][] many = products(x, w, dz, m, k, n);
      for (int i = 0; i < one.length; i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(one[i], many[i], "product " + i);
      }
    } finally {
      Parallel.minParallelWork = saved;
    }
  }

  private float[][] products(float[] x, float[] w, float[] dz, int m, int k, int n) {
    float[] z = new float[m * n];
    float[] dw = new float[k * n];
    float[] dx = new float[m * k];
    vector.matmul(x, w, z, m, k, n);
    vector.matmulTransA(x, dz, dw, m, k, n);
    vector.matmulTransB(dz, w, dx, m, n, k);
    SparseRows xs = new SparseRows();
    vector.listNonZeros(x, m, k, xs);
    float[] zs = new float[m * n];
    float[] dws = new float[k * n];
    vector.sparseMatmul(xs, w, zs, n);
    vector.sparseMatmulTransA(xs, dz, dws, n);
    return new float[][] {z, dw, dx, zs, dws};
  }

  private static String shapeName(int[] s) {
    return s[0] + "×" + s[1] + "×" + s[2];
  }
}
