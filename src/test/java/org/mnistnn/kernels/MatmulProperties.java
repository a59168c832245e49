package org.mnistnn.kernels;

import static org.mnistnn.kernels.KernelAssert.SUM_TOLERANCE;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.productScale;
import static org.mnistnn.kernels.KernelAssert.random;
import static org.mnistnn.kernels.KernelAssert.transpose;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
}
