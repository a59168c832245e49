package org.mnistnn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector kernel against its scalar specification, at every width the Vector API offers (any
 * x86 machine runs all four, the wider ones more slowly where the hardware lacks them), over
 * awkward lengths: empty, shorter than a vector, one off either side of a whole number of vectors,
 * the engine's padded rows and a whole image. Runs in its own JVM (see pom.xml): a process that
 * uses several widths compiles the kernels more slowly.
 */
class KernelsAtEveryWidthTest {
  private static final int[] LENGTHS = {
    0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 104, 112, 128, 240, 248, 784, 800
  };
  private static final ScalarKernels SPEC = new ScalarKernels();

  static Stream<Arguments> widthsAndLengths() {
    return List.of(64, 128, 256, 512).stream()
        .flatMap(
            bits ->
                java.util.Arrays.stream(LENGTHS)
                    .mapToObj(len -> Arguments.of(VectorKernels.ofBits(bits), len)));
  }

  private static float[] random(Random rng, int len, int extra) {
    float[] a = new float[len + extra];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextFloat() * 2 - 1;
      if (rng.nextInt(5) == 0) {
        a[i] = 0; // exact zeros, as ReLU makes them
      }
    }
    return a;
  }

  /** Relative to the sum of the absolute terms: what float rounding in another order can move. */
  private static float tolerance(float[] a, int len) {
    float s = 0;
    for (int i = 0; i < len; i++) {
      s += Math.abs(a[i]);
    }
    return 1e-6f * (1 + s);
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void axpyAtAnOffset(VectorKernels k, int len) {
    Random rng = new Random(len);
    float[] x = random(rng, len, 5);
    float[] y = random(rng, len, 3);
    float[] expected = y.clone();
    SPEC.axpy(0.37f, x, 5, expected, 3, len);
    k.axpy(0.37f, x, 5, y, 3, len);
    assertThat(y).containsExactly(expected, within(1e-6f));
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void dotAtOffsets(VectorKernels k, int len) {
    Random rng = new Random(len + 1);
    float[] a = random(rng, len, 2);
    float[] b = random(rng, len, 6);
    assertThat(k.dot(a, 2, b, 6, len))
        .isCloseTo(SPEC.dot(a, 2, b, 6, len), within(tolerance(a, len + 2)));
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void reluAndItsBackward(VectorKernels k, int len) {
    Random rng = new Random(len + 2);
    float[] z = random(rng, len, 0);
    float[] dh = random(rng, len, 0);
    float[] h = new float[len];
    float[] hSpec = new float[len];
    k.relu(z, h, len);
    SPEC.relu(z, hSpec, len);
    assertThat(h).containsExactly(hSpec);
    float[] dz = new float[len];
    float[] dzSpec = new float[len];
    k.reluBackward(dh, z, dz, len);
    SPEC.reluBackward(dh, z, dzSpec, len);
    assertThat(dz).containsExactly(dzSpec);
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void sgdStepAndItsSumOfSquares(VectorKernels k, int len) {
    Random rng = new Random(len + 3);
    float[] theta = random(rng, len, 4);
    float[] g = random(rng, len, 1);
    float[] expected = theta.clone();
    float squares = SPEC.sgdStep(expected, 4, g, 1, len, 0.05f, 0.01f);
    float got = k.sgdStep(theta, 4, g, 1, len, 0.05f, 0.01f);
    assertThat(theta).containsExactly(expected, within(1e-6f));
    assertThat(got).isCloseTo(squares, within(tolerance(expected, expected.length)));
    assertThat(k.sumOfSquares(theta, 4, len))
        .isCloseTo(
            SPEC.sumOfSquares(expected, 4, len), within(tolerance(expected, expected.length)));
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void momentumSteps(VectorKernels k, int len) {
    for (boolean nesterov : new boolean[] {false, true}) {
      Random rng = new Random(len + 4);
      float[] theta = random(rng, len, 2);
      float[] g = random(rng, len, 2);
      float[] v = random(rng, len, 2);
      float[] thetaSpec = theta.clone();
      float[] vSpec = v.clone();
      SPEC.momentumStep(thetaSpec, g, vSpec, 2, len, 0.1f, 0.001f, 0.9f, nesterov);
      k.momentumStep(theta, g, v, 2, len, 0.1f, 0.001f, 0.9f, nesterov);
      assertThat(v).as("nesterov %s", nesterov).containsExactly(vSpec, within(1e-6f));
      assertThat(theta).as("nesterov %s", nesterov).containsExactly(thetaSpec, within(1e-6f));
    }
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void addRowsOfSomeRowsAtOffsets(VectorKernels k, int len) {
    Random rng = new Random(len + 5);
    int stride = len + 3;
    float[] rows = random(rng, 3 + 6 * stride, 0);
    // ranges of 0 to 23 rows: every remainder of the two, four and eight interleaved sums
    int[] index = {4, 0, 5, 4, 2, 1, 3, 3, 0, 5, 2, 1, 4, 4, 0, 1, 2, 5, 3, 0, 1, 2, 4};
    float[] coef = random(rng, index.length, 0);
    for (int[] range :
        new int[][] {{0, 5}, {1, 4}, {2, 2}, {0, 23}, {3, 10}, {0, 8}, {1, 10}, {5, 12}, {7, 22}}) {
      float[] y = random(rng, len, 2);
      float[] expected = y.clone();
      float squaresSpec =
          SPEC.addRows(rows, 3, stride, index, coef, -0.75f, range[0], range[1], expected, 2, len);
      float squares =
          k.addRows(rows, 3, stride, index, coef, -0.75f, range[0], range[1], y, 2, len);
      assertThat(y).as("rows %d..%d", range[0], range[1]).containsExactly(expected, within(1e-5f));
      assertThat(squares)
          .as("squares, rows %d..%d", range[0], range[1])
          .isCloseTo(squaresSpec, within(1e-5f * (1 + squaresSpec)));
      float[] same = new float[len + 5];
      System.arraycopy(y, 2, same, 5, len);
      assertThat(k.addRows(rows, 3, stride, index, coef, 1f, 0, 0, same, 5, len))
          .as("the same values' squares without terms, rows %d..%d", range[0], range[1])
          .isEqualTo(squares);
    }
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void addRowsGivesEachElementItsTermsInListOrderOneFmaEach(VectorKernels k, int len) {
    // rows of up to one block of vectors and longer ones (passes along the whole row) alike
    Random rng = new Random(len + 11);
    int stride = len + 3;
    float[] rows = random(rng, 3 + 6 * stride, 0);
    int[] index = {4, 0, 5, 4, 2, 1, 3, 3, 0, 5, 2, 1, 4};
    float[] coef = random(rng, index.length, 0);
    float factor = -0.75f;
    for (int[] range : new int[][] {{0, 13}, {1, 4}, {2, 9}, {5, 6}}) {
      float[] y = random(rng, len, 2);
      float[] expected = y.clone();
      for (int j = 0; j < len; j++) {
        float sum = expected[2 + j];
        for (int e = range[0]; e < range[1]; e++) {
          sum = Math.fma(rows[3 + index[e] * stride + j], factor * coef[e], sum);
        }
        expected[2 + j] = sum;
      }
      float squares =
          k.addRows(rows, 3, stride, index, coef, factor, range[0], range[1], y, 2, len);
      assertThat(y).as("rows %d..%d", range[0], range[1]).containsExactly(expected);
      float[] same = new float[len + 5];
      System.arraycopy(y, 2, same, 5, len);
      assertThat(k.addRows(rows, 3, stride, index, coef, 1f, 0, 0, same, 5, len))
          .as("the squares as without terms, rows %d..%d", range[0], range[1])
          .isEqualTo(squares);
    }
  }

  @ParameterizedTest(name = "{0}, length {1}")
  @MethodSource("widthsAndLengths")
  void addInkedRowsAddsWhatAddRowsAdds(VectorKernels k, int len) {
    Random rng = new Random(len + 7);
    int stride = len + 3;
    float[] rows = random(rng, 3 + 6 * stride, 0);
    short[] pixel = {4, 0, 5, 4, 2, 1, 3, 3, 0, 5, 2, 1, 4, 4, 0, 1, 2, 5, 3, 0, 1, 2, 4};
    byte[] value = new byte[pixel.length];
    rng.nextBytes(value);
    float factor = -0.75f;
    float[] coefOf = new float[256];
    for (int b = 0; b < 256; b++) {
      coefOf[b] = factor * org.mnistnn.data.MnistDataset.scaled((byte) b);
    }
    int[] index = new int[pixel.length];
    float[] coef = new float[pixel.length];
    for (int e = 0; e < pixel.length; e++) {
      index[e] = pixel[e];
      coef[e] = org.mnistnn.data.MnistDataset.scaled(value[e]);
    }
    for (int[] range : new int[][] {{0, 5}, {2, 2}, {0, 23}, {3, 10}, {7, 22}}) {
      float[] y = random(rng, len, 2);
      float[] expected = y.clone();
      float[] spec = y.clone();
      float squaresRows =
          k.addRows(rows, 3, stride, index, coef, factor, range[0], range[1], expected, 2, len);
      float squares =
          k.addInkedRows(rows, 3, stride, pixel, value, coefOf, range[0], range[1], y, 2, len);
      SPEC.addInkedRows(rows, 3, stride, pixel, value, coefOf, range[0], range[1], spec, 2, len);
      // the same terms in the same order as addRows: the same bits
      assertThat(y).as("rows %d..%d", range[0], range[1]).containsExactly(expected);
      assertThat(squares).isEqualTo(squaresRows);
      assertThat(y)
          .as("spec, rows %d..%d", range[0], range[1])
          .containsExactly(spec, within(1e-5f));
    }
  }
}
