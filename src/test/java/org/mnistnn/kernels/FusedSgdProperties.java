package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mnistnn.kernels.KernelAssert.SUM_TOLERANCE;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.productScale;
import static org.mnistnn.kernels.KernelAssert.random;
import static org.mnistnn.kernels.KernelAssert.transpose;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code sparseMatmulTransASgdUpdate} (dW1 = xᵀ · dz1 folded into the SGD update of W1) against the
 * two calls it replaces, {@code sparseMatmulTransA} into a whole gradient then {@code
 * sgdUpdateSumOfSquares}: the same weights, bit for bit, in each provider, and the same Σθ² (bit
 * for bit in the scalar provider; the vector one sums the squares in another order), on random
 * shapes (widths below and around the vector length, several blocks of squares), inputs with empty
 * columns (pixels with no ink) and all-empty batches, and θ with −0 entries.
 */
class FusedSgdProperties {
  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  @Property(tries = 300)
  void fusedStepEqualsProductThenUpdate(
      @ForAll @IntRange(min = 0, max = 40) int m,
      @ForAll @IntRange(min = 0, max = 90) int k,
      @ForAll @IntRange(min = 0, max = 140) int n,
      @ForAll("rowKinds") int[] kinds,
      @ForAll long seed) {
    check(m, k, n, kinds, seed);
  }

  /** The shape of training: 784 × 100 (78,400 entries, 77 blocks of squares), batch 1 to 64. */
  @Property(tries = 30)
  void fusedStepEqualsProductThenUpdateAtTrainingShape(
      @ForAll @IntRange(min = 1, max = 64) int m,
      @ForAll("rowKinds") int[] kinds,
      @ForAll long seed) {
    check(m, 784, 100, kinds, seed);
  }

  /**
   * Large batches take the step in chunks of rows of dz ({@code VectorColumnSgd.chunked}): with
   * chunks made small, batches of 33 to 120 rows take that path, and must give what the product
   * then the update gives, as every batch does, and the same bits as the step without chunks.
   */
  @Property(tries = 40)
  void chunkedStepEqualsProductThenUpdate(
      @ForAll @IntRange(min = 33, max = 120) int m,
      @ForAll @IntRange(min = 1, max = 16) int chunk,
      @ForAll("rowKinds") int[] kinds,
      @ForAll long seed) {
    int before = VectorColumnSgd.chunkRows;
    try {
      VectorColumnSgd.chunkRows = chunk;
      check(m, 784, 100, kinds, seed);
      float[][] chunked = run(vector, m, 784, 100, kinds, seed);
      VectorColumnSgd.chunkRows = Integer.MAX_VALUE / 4;
      float[][] whole = run(vector, m, 784, 100, kinds, seed);
      assertArrayEquals(whole[0], chunked[0], "weights, chunks of " + chunk);
      assertArrayEquals(whole[1], chunked[1], "Σθ², chunks of " + chunk);
    } finally {
      VectorColumnSgd.chunkRows = before;
    }
  }

  /** The split over the cores gives the same bits: every size split, whatever its work. */
  @Test
  void splitOverTheCoresGivesTheSameBits() {
    long before = Parallel.minParallelWork;
    int chunkBefore = VectorColumnSgd.chunkRows;
    try {
      Random rng = new Random(5);
      for (int t = 0; t < 40; t++) {
        int m = 1 + rng.nextInt(300);
        int k = 1 + rng.nextInt(900);
        // every third shape the hidden layer's width, whose large batches go by chunks (made small)
        int n = t % 3 == 0 ? 100 : 1 + rng.nextInt(130);
        VectorColumnSgd.chunkRows = t % 3 == 0 ? 1 + rng.nextInt(40) : chunkBefore;
        int[] kinds = {rng.nextInt(4), 2, rng.nextInt(4)};
        Parallel.minParallelWork = Long.MAX_VALUE;
        float[][] one = run(vector, m, k, n, kinds, t);
        Parallel.minParallelWork = 0;
        float[][] split = run(vector, m, k, n, kinds, t);
        assertArrayEquals(one[0], split[0], "weights " + m + "×" + k + "×" + n);
        assertArrayEquals(one[1], split[1], "Σθ² " + m + "×" + k + "×" + n);
      }
    } finally {
      Parallel.minParallelWork = before;
      VectorColumnSgd.chunkRows = chunkBefore;
    }
  }

  /** The fused step of {@code provider} on random data: {new θ, {Σθ²}}. */
  private static float[][] run(KernelProvider provider, int m, int k, int n, int[] kinds, long s) {
    Random rng = new Random(s);
    float[] x = MatmulProperties.rowsOfKinds(rng, m, k, kinds);
    float[] dz = random(rng, m * n, 0.5);
    float[] theta = theta(rng, k * n);
    SparseRows xs = new SparseRows();
    provider.listNonZeros(x, m, k, xs);
    float sq = provider.sparseMatmulTransASgdUpdate(xs, dz, theta, n, 0.02f, 1e-4f);
    return new float[][] {theta, {sq}};
  }

  private void check(int m, int k, int n, int[] kinds, long seed) {
    Random rng = new Random(seed);
    float[] x = MatmulProperties.rowsOfKinds(rng, m, k, kinds);
    float[] dz = random(rng, m * n, 0.5);
    float[] theta = theta(rng, k * n);
    float lr = 0.02f;
    float reg = 1e-4f;
    float[][] fused = new float[2][];
    for (KernelProvider p : new KernelProvider[] {scalar, vector}) {
      SparseRows xs = new SparseRows();
      p.listNonZeros(x, m, k, xs);
      float[] grad = new float[k * n];
      p.sparseMatmulTransA(xs, dz, grad, n);
      float[] want = theta.clone();
      float wantSquares = p.sgdUpdateSumOfSquares(want, grad, lr, reg, k * n);
      float[] got = theta.clone();
      float gotSquares = p.sparseMatmulTransASgdUpdate(xs, dz, got, n, lr, reg);
      String what = p.name() + " " + m + "×" + k + "×" + n;
      assertArrayEquals(want, got, what + " weights");
      if (p == scalar) {
        assertEquals(wantSquares, gotSquares, what + " Σθ²");
      } else {
        // summed by blocks of rows on the way, not in sumOfSquares' order: float chains of at most
        // a few hundred squares each, so within a few hundred float roundings of the total
        assertEquals(wantSquares, gotSquares, 4e-5f * wantSquares, what + " Σθ²");
      }
      fused[p == scalar ? 0 : 1] = got;
    }
    // across providers only the gradient's rounding differs (fused multiply-add, another order);
    // that difference, times lr, can move the new θ across one rounding step of the new θ itself,
    // whose ulp is the larger one when the step carries |θ| over a power of two (1.99… → 2.0…)
    double[] scale = productScale(transpose(x, m, k), dz, k, m, n);
    for (int i = 0; i < scale.length; i++) {
      float larger = Math.max(Math.abs(theta[i]), Math.abs(fused[0][i]));
      scale[i] = lr * scale[i] + Math.ulp(larger) / SUM_TOLERANCE;
    }
    assertClose(fused[0], fused[1], scale, SUM_TOLERANCE, "vector against scalar");
  }

  /** Random weights, with −0 (whose sign the update must keep as the reference does) and +0. */
  private static float[] theta(Random rng, int len) {
    float[] theta = random(rng, len, 0.1);
    for (int i = 0; i < len; i += 5) {
      theta[i] = theta[i] == 0f ? -0f : theta[i];
    }
    return theta;
  }

  /** Per row: 0 all zero, 1 dense, 2 MNIST-like, 3 a single non-zero (see MatmulProperties). */
  @Provide
  Arbitrary<int[]> rowKinds() {
    return Arbitraries.integers().between(0, 3).array(int[].class).ofMinSize(1).ofMaxSize(8);
  }
}
