package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Random inputs and rounding-aware comparisons for the kernel equivalence tests. */
final class KernelAssert {
  /** The awkward sizes of STYLE.md: empty, one, around the vector width (8 and 16), and 784. */
  static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 784};

  /**
   * Relative error allowed for a float sum of products, scaled by Σ|a·b|: summing k terms in
   * another order (or with fused multiply-add) moves the result by at most about k·2⁻²⁴ of that;
   * 1e-5 covers k = 784 with room to spare while catching any wrong term (errors of order 1).
   */
  static final double SUM_TOLERANCE = 1e-5;

  private KernelAssert() {}

  /** The fast provider under test; every test in this package needs it. */
  static KernelProvider vector() {
    KernelProvider v = Kernels.vector();
    if (v == null) {
      fail("the Vector API is missing: the tests must run with --add-modules jdk.incubator.vector");
    }
    return v;
  }

  /**
   * Random values, each zero with probability {@code zeros} (the kernels skip zeros, so both paths
   * must be exercised), otherwise Gaussian.
   */
  static float[] random(Random rng, int n, double zeros) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextDouble() < zeros ? 0f : (float) rng.nextGaussian();
    }
    return a;
  }

  /** Garbage in an output array, so a kernel that forgets to overwrite an entry is caught. */
  static float[] garbage(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, Float.NaN);
    return a;
  }

  /**
   * Asserts {@code |got − want| ≤ tol · scale + 1e-30} element-wise, where {@code scale[i]} is the
   * sum of the absolute values of the terms behind entry i.
   */
  static void assertClose(float[] want, float[] got, double[] scale, double tol, String what) {
    if (want.length != got.length) {
      fail(what + ": lengths " + want.length + " and " + got.length);
    }
    for (int i = 0; i < want.length; i++) {
      double err = Math.abs((double) got[i] - want[i]);
      double allowed = tol * scale[i] + 1e-30;
      if (!(err <= allowed)) {
        fail(
            String.format(
                "%s: entry %d is %s, the reference gives %s (error %.3g > allowed %.3g)",
                what, i, got[i], want[i], err, allowed));
      }
    }
  }

  /** Σ_q |A[i, q]|·|B[q, j]| for every entry of C = A·B, in double: the scale of its rounding. */
  static double[] productScale(float[] a, float[] b, int m, int k, int n) {
    double[] s = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int q = 0; q < k; q++) {
        double aq = Math.abs(a[i * k + q]);
        for (int j = 0; j < n; j++) {
          s[i * n + j] += aq * Math.abs(b[q * n + j]);
        }
      }
    }
    return s;
  }

  /** The transpose of A (rows × cols). */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }
}
