package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mnistnn.kernels.KernelAssert.SUM_TOLERANCE;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.productScale;
import static org.mnistnn.kernels.KernelAssert.random;
import static org.mnistnn.kernels.KernelAssert.transpose;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties over random shapes and sparsity: fast products equal the reference to rounding. */
class MatmulProperties {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  @Property(tries = 200)
  void allThreeProductsMatchReference(
      @ForAll @IntRange(min = 0, max = 40) int m,
      @ForAll @IntRange(min = 0, max = 90) int k,
      @ForAll @IntRange(min = 0, max = 140) int n,
      @ForAll @DoubleRange(min = 0, max = 1) double zeros,
      @ForAll long seed) {
    Random rng = new Random(seed);
    float[] a = random(rng, m * k, zeros);
    float[] b = random(rng, k * n, zeros / 2);
    float[] want = garbage(m * n);
    float[] got = garbage(m * n);
    scalar.matmul(a, b, want, m, k, n);
    vector.matmul(a, b, got, m, k, n);
    assertClose(want, got, productScale(a, b, m, k, n), SUM_TOLERANCE, "matmul");

    // C = Aᵀ · D with D (m × n), C (k × n)
    float[] d = random(rng, m * n, zeros);
    want = garbage(k * n);
    got = garbage(k * n);
    scalar.matmulTransA(a, d, want, m, k, n);
    vector.matmulTransA(a, d, got, m, k, n);
    assertClose(
        want, got, productScale(transpose(a, m, k), d, k, m, n), SUM_TOLERANCE, "matmulTransA");

    // C = D · Bᵀ with D (m × n), B (k × n), C (m × k)
    float[] bk = random(rng, k * n, zeros / 2);
    want = garbage(m * k);
    got = garbage(m * k);
    scalar.matmulTransB(d, bk, want, m, n, k);
    vector.matmulTransB(d, bk, got, m, n, k);
    assertClose(
        want, got, productScale(d, transpose(bk, k, n), m, n, k), SUM_TOLERANCE, "matmulTransB");
  }

  /**
   * The sparse products of the first layer on inputs whose rows are each empty, dense or sparse
   * (any mix), with sizes around the vector width: the vector kernels equal the reference to
   * rounding; the sparse reference equals the dense reference bit for bit (the same operations,
   * zeros skipped); the vector sparse products equal the vector dense ones bit for bit.
   */
  @Property(tries = 300)
  void sparseProductsMatchReference(
      @ForAll @IntRange(min = 0, max = 40) int m,
      @ForAll @IntRange(min = 0, max = 90) int k,
      @ForAll @IntRange(min = 0, max = 140) int n,
      @ForAll("rowKinds") int[] kinds,
      @ForAll long seed) {
    Random rng = new Random(seed);
    float[] x = rowsOfKinds(rng, m, k, kinds);
    float[] w = random(rng, k * n, 0.0);
    float[] dz = random(rng, m * n, 0.5);
    SparseRows xs = new SparseRows();
    SparseRows xsRef = new SparseRows();
    vector.listNonZeros(x, m, k, xs);
    scalar.listNonZeros(x, m, k, xsRef);
    SparseRowsTest.assertSameLists(xsRef, xs);

    float[] want = garbage(m * n);
    float[] dense = garbage(m * n);
    float[] got = garbage(m * n);
    float[] gotDense = garbage(m * n);
    scalar.sparseMatmul(xsRef, w, want, n);
    scalar.matmul(x, w, dense, m, k, n);
    vector.sparseMatmul(xs, w, got, n);
    vector.matmul(x, w, gotDense, m, k, n);
    assertArrayEquals(dense, want, "scalar sparseMatmul = scalar matmul");
    assertArrayEquals(gotDense, got, "vector sparseMatmul = vector matmul");
    assertClose(want, got, productScale(x, w, m, k, n), SUM_TOLERANCE, "sparseMatmul");

    want = garbage(k * n);
    dense = garbage(k * n);
    got = garbage(k * n);
    gotDense = garbage(k * n);
    scalar.sparseMatmulTransA(xsRef, dz, want, n);
    scalar.matmulTransA(x, dz, dense, m, k, n);
    vector.sparseMatmulTransA(xs, dz, got, n);
    vector.matmulTransA(x, dz, gotDense, m, k, n);
    assertArrayEquals(dense, want, "scalar sparseMatmulTransA = scalar matmulTransA");
    assertArrayEquals(gotDense, got, "vector sparseMatmulTransA = vector matmulTransA");
    assertClose(
        want,
        got,
        productScale(transpose(x, m, k), dz, k, m, n),
        SUM_TOLERANCE,
        "sparseMatmulTransA");
  }

  /** Per row: 0 all zero, 1 dense (no zeros), 2 MNIST-like (81% zero), 3 a single non-zero. */
  @Provide
  Arbitrary<int[]> rowKinds() {
    return Arbitraries.integers().between(0, 3).array(int[].class).ofMinSize(1).ofMaxSize(8);
  }

  /** Row i is of kind {@code kinds[i % kinds.length]}; zeros are +0 or −0 at random. */
  static float[] rowsOfKinds(Random rng, int m, int k, int[] kinds) {
    float[] x = new float[m * k];
    for (int i = 0; i < m; i++) {
      int kind = kinds[i % kinds.length];
      int only = k == 0 ? -1 : rng.nextInt(k);
      for (int p = 0; p < k; p++) {
        boolean on =
            switch (kind) {
              case 0 -> false;
              case 1 -> true;
              case 2 -> rng.nextDouble() < 0.19;
              default -> p == only;
            };
        float v = on ? (float) rng.nextGaussian() : 0f;
        x[i * k + p] = v != 0f ? v : (rng.nextBoolean() ? 0f : -0f);
      }
    }
    return x;
  }
}
