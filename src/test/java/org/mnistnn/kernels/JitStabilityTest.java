package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mnistnn.kernels.KernelAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast kernels must give the same bits before and after the JIT compiles them, or a seed would
 * not fix a run (resuming from a checkpoint would drift in the last bits). The first calls here run
 * interpreted or in C1; after thousands of calls they run in C2 with the Vector API intrinsics.
 */
class JitStabilityTest {
  private final KernelProvider vector = KernelAssert.vector();

  @Test
  void firstAndCompiledCallsGiveTheSameBits() {
    Random rng = new Random(21);
    int m = 16;
    int k = 784;
    int h = 100;
    int c = 10;
    float[] x = random(rng, m * k, 0.8);
    float[] w = random(rng, k * h, 0.0);
    float[] dz = random(rng, m * h, 0.5);
    float[] z2 = random(rng, m * c, 0.0);
    float[][] first = run(x, w, dz, z2, m, k, h, c);
    float[][] later = first;
    for (int i = 0; i < 20_000; i++) {
      later = run(x, w, dz, z2, m, k, h, c);
    }
    for (int i = 0; i < first.length; i++) {
      assertArrayEquals(first[i], later[i], "output " + i);
    }
  }

  private float[][] run(float[] x, float[] w, float[] dz, float[] z2, int m, int k, int h, int c) {
    float[] z1 = new float[m * h];
    float[] dw = new float[k * h];
    float[] dx = new float[m * k];
    float[] probs = new float[m * c];
    vector.matmul(x, w, z1, m, k, h);
    vector.matmulTransA(x, dz, dw, m, k, h);
    vector.matmulTransB(dz, w, dx, m, h, k);
    vector.softmaxRows(z2, probs, m, c);
    float sq = vector.sumOfSquares(w, w.length);
    SparseRows xs = new SparseRows();
    vector.listNonZeros(x, m, k, xs);
    float[] z1s = new float[m * h];
    float[] dws = new float[k * h];
    vector.sparseMatmul(xs, w, z1s, h);
    vector.sparseMatmulTransA(xs, dz, dws, h);
    float[] w1 = w.clone();
    float sq1 = vector.sgdUpdateSumOfSquares(w1, dws, 0.02f, 1e-4f, w1.length);
    float[] w2 = w.clone();
    float sq2 = vector.sparseMatmulTransASgdUpdate(xs, dz, w2, h, 0.02f, 1e-4f);
    return new float[][] {z1, dw, dx, probs, {sq}, z1s, dws, w1, {sq1}, w2, {sq2}};
  }

  @Test
  void sumOfSquaresIsStableAcrossCalls() {
    float[] a = random(new Random(2), 78_400, 0.0);
    float first = vector.sumOfSquares(a, a.length);
    for (int i = 0; i < 5_000; i++) {
      assertEquals(first, vector.sumOfSquares(a, a.length));
    }
  }
}
