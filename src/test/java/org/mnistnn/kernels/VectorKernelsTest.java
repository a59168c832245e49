package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mnistnn.kernels.KernelAssert.assertClose;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The element-wise Vector API kernels against the reference loops over the awkward lengths. Those
 * that do the same operations in the same order must agree bit for bit; softmax and the sum of
 * squares sum in another order and must agree to rounding.
 */
class VectorKernelsTest {
  static final int[] SIZES = KernelAssert.SIZES;

  private final KernelProvider scalar = Kernels.scalar();
  private final KernelProvider vector = KernelAssert.vector();

  @ParameterizedTest
  @FieldSource("SIZES")
  void reluIsExact(int len) {
    float[] z = random(new Random(len), len, 0.2);
    if (len > 2) {
      z[0] = -0f;
      z[1] = Float.NaN;
    }
    float[] want = garbage(len);
    float[] got = garbage(len);
    scalar.relu(z, want, len);
    vector.relu(z, got, len);
    assertArrayEquals(want, got);
  }

  @ParameterizedTest
  @FieldSource("SIZES")
  void reluBackwardIsExact(int len) {
    Random rng = new Random(len + 1);
    float[] dh = random(rng, len, 0.0);
    float[] z = random(rng, len, 0.3);
    float[] want = garbage(len);
    float[] got = garbage(len);
    scalar.reluBackward(dh, z, want, len);
    vector.reluBackward(dh, z, got, len);
    assertArrayEquals(want, got);
  }

  @ParameterizedTest
  @FieldSource("SIZES")
  void addRowVectorIsExact(int n) {
    Random rng = new Random(n + 2);
    int m = 3;
    float[] b = random(rng, n, 0.0);
    float[] want = random(rng, m * n, 0.0);
    float[] got = want.clone();
    scalar.addRowVector(want, b, m, n);
    vector.addRowVector(got, b, m, n);
    assertArrayEquals(want, got);
  }

  @ParameterizedTest
  @FieldSource("SIZES")
  void columnSumsIsExact(int n) {
    Random rng = new Random(n + 3);
    for (int m : new int[] {0, 1, 16, 17}) {
      float[] a = random(rng, m * n, 0.5);
      float[] want = garbage(n);
      float[] got = garbage(n);
      scalar.columnSums(a, want, m, n);
      vector.columnSums(a, got, m, n);
      assertArrayEquals(want, got, "m = " + m);
    }
  }

  @ParameterizedTest
  @FieldSource("SIZES")
  void sgdUpdateIsExact(int len) {
    Random rng = new Random(len + 4);
    float[] want = random(rng, len, 0.0);
    float[] got = want.clone();
    float[] grad = random(rng, len, 0.3);
    scalar.sgdUpdate(want, grad, 0.02f, 1e-4f, len);
    vector.sgdUpdate(got, grad, 0.02f, 1e-4f, len);
    assertArrayEquals(want, got);
  }

  /**
   * The update with the sum of squares on the way equals the update, then the sum, bit for bit, in
   * each provider; lengths past one block of squares (1024) and with a scalar tail included.
   */
  @ParameterizedTest
  @FieldSource("SIZES")
  void sgdUpdateSumOfSquaresEqualsUpdateThenSum(int len) {
    for (int n : new int[] {len, len + 1024, len + 2049, 78_400}) {
      Random rng = new Random(n + 7);
      float[] theta = random(rng, n, 0.2);
      for (int i = 0; i < n; i += 3) {
        theta[i] = theta[i] == 0f ? -0f : theta[i];
      }
      float[] grad = random(rng, n, 0.4);
      for (KernelProvider k : new KernelProvider[] {scalar, vector}) {
        float[] want = theta.clone();
        k.sgdUpdate(want, grad, 0.02f, 1e-4f, n);
        float wantSquares = k.sumOfSquares(want, n);
        float[] got = theta.clone();
        float gotSquares = k.sgdUpdateSumOfSquares(got, grad, 0.02f, 1e-4f, n);
        assertArrayEquals(want, got, k.name() + ", length " + n);
        assertEquals(wantSquares, gotSquares, k.name() + " Σθ², length " + n);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("SIZES")
  void sumOfSquaresAgreesToRounding(int len) {
    float[] a = random(new Random(len + 5), len + 3000 * (len % 2), 0.1);
    int n = a.length;
    float want = scalar.sumOfSquares(a, n);
    float got = vector.sumOfSquares(a, n);
    assertEquals(want, got, 1e-6 * want + 1e-30, "length " + n);
  }

  @ParameterizedTest
  @FieldSource("SIZES")
  void softmaxAgreesToRounding(int n) {
    Random rng = new Random(n + 6);
    int m = 4;
    float[] z = random(rng, m * n, 0.1);
    if (n > 3) {
      z[1] = 1000f; // exp would overflow without the max subtraction
      z[2] = -1000f;
    }
    float[] want = garbage(m * n);
    float[] got = garbage(m * n);
    scalar.softmaxRows(z, want, m, n);
    vector.softmaxRows(z, got, m, n);
    double[] scale = new double[m * n];
    java.util.Arrays.fill(scale, 1.0);
    // Probabilities lie in [0, 1]; the vector exp and the reordered sum differ by a few ulps.
    assertClose(want, got, scale, 1e-6, "softmax m=" + m + " n=" + n);
  }

  @Test
  void softmaxOfALargeBatchSplitOverTheCoresIsTheReferenceBitForBit() {
    // 2048 rows of 10: enough work to be split by rows over the cores; each row is the reference
    // loop whichever thread runs it
    int m = 2048;
    int n = 10;
    float[] z = random(new Random(77), m * n, 5.0);
    float[] want = garbage(m * n);
    float[] got = garbage(m * n);
    scalar.softmaxRows(z, want, m, n);
    vector.softmaxRows(z, got, m, n);
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
  }
}
