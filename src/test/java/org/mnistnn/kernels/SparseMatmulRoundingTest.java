package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mnistnn.kernels.KernelAssert.SUM_TOLERANCE;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.productScale;
import static org.mnistnn.kernels.KernelAssert.random;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code x · W1} ({@link VectorMatmul#sparseMatmul}) against a scalar model of its rounding, bit
 * for bit (the order any faster first-layer product must keep for training to stay bit-identical),
 * and against the {@link ScalarKernels} reference (plain multiply then add) to rounding.
 */
class SparseMatmulRoundingTest {
  private static final int V = VectorMatmul.vectorBits() / 32;
  private final KernelProvider scalar = Kernels.scalar();

  @Property(tries = 300)
  void sameFloatsAsRoundingModel(
      @ForAll @IntRange(min = 0, max = 100) int m,
      @ForAll @IntRange(min = 0, max = 90) int k,
      @ForAll @IntRange(min = 0, max = 140) int n,
      @ForAll @DoubleRange(min = 0, max = 1) double zeros,
      @ForAll boolean parallel,
      @ForAll long seed) {
    Random rng = new Random(seed);
    float[] x = random(rng, m * k, zeros);
    for (int i = 0; i < m; i++) {
      if (rng.nextInt(5) == 0) { // some empty rows
        java.util.Arrays.fill(x, i * k, (i + 1) * k, 0f);
      }
    }
    check(x, random(rng, k * n, 0.05), m, k, n, parallel);
  }

  @Test
  void awkwardAndNetworkShapes() {
    int[][] shapes = {
      {0, 784, 100},
      {1, 784, 100},
      {16, 784, 100},
      {33, 784, 100},
      {500, 784, 100},
      {16, 784, 7},
      {16, 784, 8},
      {16, 784, 9},
      {16, 784, 31},
      {16, 784, 33},
      {16, 784, 64},
      {16, 784, 95},
      {16, 784, 96},
      {16, 784, 97},
      {16, 784, 103},
      {16, 784, 104},
      {4, 784, 196},
      {4, 784, 200},
      {16, 784, 127},
      {40, 5, 100},
      {3, 1, 100}
    };
    Random rng = new Random(5);
    for (int[] s : shapes) {
      for (double zeros : new double[] {1.0, 0.8, 0.0}) {
        float[] x = random(rng, s[0] * s[1], zeros);
        float[] w = random(rng, s[1] * s[2], 0.0);
        check(x, w, s[0], s[1], s[2], false);
        check(x, w, s[0], s[1], s[2], true);
      }
    }
  }

  private void check(float[] x, float[] w, int m, int k, int n, boolean parallel) {
    String what = m + "×" + k + "×" + n + (parallel ? " split" : "");
    SparseRows xs = new SparseRows();
    VectorMatmul.listNonZeros(x, m, k, xs);
    float[] got = garbage(m * n);
    long saved = Parallel.minParallelWork;
    try {
      Parallel.minParallelWork = parallel ? 0 : Long.MAX_VALUE;
      VectorMatmul.sparseMatmul(xs, w, got, n);
    } finally {
      Parallel.minParallelWork = saved;
    }
    assertArrayEquals(roundingModel(xs, w, n), got, "vector = scalar rounding model, " + what);
    float[] want = garbage(m * n);
    scalar.sparseMatmul(xs, w, want, n);
    assertClose(want, got, productScale(x, w, m, k, n), SUM_TOLERANCE, "reference, " + what);
  }

  /**
   * Scalar loops with the vector kernels' rounding: columns in the twelve- and eight-vector panels
   * are one fused multiply-add chain over the row's non-zeros in order, and so is a tail narrower
   * than a vector that follows a twelve-vector panel (summed in its pass); a four-vector panel
   * splits the terms into two chains (even, odd; an odd last term to the first), a one-vector panel
   * into four (t mod 4; the last nnz mod 4 terms to the first), added as (c0 + c1) + (c2 + c3); the
   * last vector may overlap the previous ones and wins; rows narrower than a vector multiply then
   * add.
   */
  static float[] roundingModel(SparseRows a, float[] b, int n) {
    float[] c = new float[a.m * n];
    for (int i = 0; i < a.m; i++) {
      int lo = a.rowStart[i];
      int nnz = a.rowStart[i + 1] - lo;
      if (n < V) {
        for (int j = 0; j < n; j++) {
          float sum = 0f;
          for (int t = 0; t < nnz; t++) {
            sum += a.val[lo + t] * b[a.col[lo + t] * n + j];
          }
          c[i * n + j] = sum;
        }
        continue;
      }
      int j = 0;
      boolean tailInPanel = false;
      while (j <= n - 12 * V) {
        j += 12 * V;
        if (n - j > 0 && n - j < V) { // the tail summed in the last twelve-vector panel's pass
          tailInPanel = true;
          break;
        }
      }
      if (tailInPanel) {
        for (int q = 0; q < n; q++) {
          c[i * n + q] = chains(a, b, n, lo, nnz, q, 1);
        }
        continue;
      }
      while (j <= n - 8 * V) {
        j += 8 * V;
      }
      for (int q = 0; q < j; q++) {
        c[i * n + q] = chains(a, b, n, lo, nnz, q, 1);
      }
      if (j <= n - 4 * V) {
        for (int q = j; q < j + 4 * V; q++) {
          c[i * n + q] = chains(a, b, n, lo, nnz, q, 2);
        }
        j += 4 * V;
      }
      for (; j <= n - V; j += V) {
        for (int q = j; q < j + V; q++) {
          c[i * n + q] = chains(a, b, n, lo, nnz, q, 4);
        }
      }
      if (j < n) {
        for (int q = n - V; q < n; q++) {
          c[i * n + q] = chains(a, b, n, lo, nnz, q, 4);
        }
      }
    }
    return c;
  }

  private static float chains(SparseRows a, float[] b, int n, int lo, int nnz, int q, int count) {
    float[] s = new float[4];
    int full = nnz / count * count;
    for (int t = 0; t < nnz; t++) {
      int chain = t < full ? t % count : 0;
      s[chain] = Math.fma(b[a.col[lo + t] * n + q], a.val[lo + t], s[chain]);
    }
    return switch (count) {
      case 1 -> s[0];
      case 2 -> s[0] + s[1];
      default -> (s[0] + s[1]) + (s[2] + s[3]);
    };
  }
}
