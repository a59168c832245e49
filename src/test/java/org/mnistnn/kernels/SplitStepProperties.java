package org.mnistnn.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mnistnn.kernels.KernelAssert.garbage;
import static org.mnistnn.kernels.KernelAssert.random;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The split forms that let two threads share a training step's first layer ({@code
 * training.PairedSteps}) give the floats of the whole calls, bit for bit: {@code x·W1} in parts
 * over consecutive ranges of pixels, each continuing the sums of the one before ({@link
 * KernelProvider#sparseMatmulPart}), and W1's step in blocks of rows ({@link
 * KernelProvider#sparseMatmulTransASgdUpdateBlocks}), split anywhere, against {@link
 * KernelProvider#sparseMatmul} and {@link KernelProvider#sparseMatmulTransASgdUpdate}.
 */
class SplitStepProperties {
  private final KernelProvider vector = KernelAssert.vector();
  private static final int V = VectorMatmul.vectorBits() / 32;

  /** Widths whose rows are single chains (12V, 12V + 1 .. 12V + V − 1, 24V, 24V + 4), and 100. */
  private static final int[] WIDTHS = {12 * V, 12 * V + 1, 12 * V + V - 1, 24 * V, 24 * V + 4, 100};

  @Property(tries = 200)
  void productInPartsEqualsTheWholeProduct(
      @ForAll @IntRange(min = 0, max = 64) int m,
      @ForAll @IntRange(min = 1, max = 800) int k,
      @ForAll @IntRange(min = 0, max = 5) int widthIndex,
      @ForAll @IntRange(min = 1, max = 3) int parts,
      @ForAll long seed) {
    int n = WIDTHS[widthIndex];
    if (!VectorMatmul.chainsOnly(n)) {
      return; // 100 with a vector wider than 8 floats: not a width that splits
    }
    Random rng = new Random(seed);
    SparseRows x = new SparseRows();
    VectorMatmul.listNonZeros(random(rng, m * k, rng.nextDouble()), m, k, x);
    float[] w = random(rng, k * n, 0.0);
    float[] whole = garbage(m * n);
    vector.sparseMatmul(x, w, whole, n);
    int[] cuts = cuts(rng, k, parts);
    float[] split = garbage(m * n);
    for (int p = 0; p < parts; p++) {
      vector.sparseMatmulPart(x, w, split, n, cuts[p], cuts[p + 1], p > 0);
    }
    assertArrayEquals(whole, split, m + "×" + k + "×" + n + " in parts " + join(cuts));
  }

  @Property(tries = 100)
  void stepInBlocksEqualsTheWholeStep(
      @ForAll @IntRange(min = 1, max = 64) int m,
      @ForAll @IntRange(min = 1, max = 800) int k,
      @ForAll @IntRange(min = 0, max = 5) int widthIndex,
      @ForAll long seed) {
    int n = WIDTHS[widthIndex];
    Random rng = new Random(seed);
    SparseRows x = new SparseRows();
    VectorMatmul.listNonZeros(random(rng, m * k, 0.5 + 0.5 * rng.nextDouble()), m, k, x);
    if (!vector.splitsSteps(m, n)) {
      return;
    }
    float[] dz = random(rng, m * n, 0.5);
    float[] theta = random(rng, k * n, 0.0);
    float[] wholeTheta = theta.clone();
    float wholeSquares = vector.sparseMatmulTransASgdUpdate(x, dz, wholeTheta, n, 0.02f, 1e-4f);

    int blocks = KernelProvider.stepBlocks(k);
    int cut = rng.nextInt(blocks + 1);
    double[] squares = new double[blocks];
    java.util.Arrays.fill(squares, Double.NaN);
    float[] splitTheta = theta.clone();
    x.listColumnsForStep(n);
    // the second range first: the blocks do not depend on each other
    vector.sparseMatmulTransASgdUpdateBlocks(
        x, dz, splitTheta, n, 0.02f, 1e-4f, cut, blocks, squares);
    vector.sparseMatmulTransASgdUpdateBlocks(x, dz, splitTheta, n, 0.02f, 1e-4f, 0, cut, squares);
    double total = 0;
    for (double s : squares) {
      total += s;
    }
    assertArrayEquals(wholeTheta, splitTheta, m + "×" + k + "×" + n + " cut at block " + cut);
    assertThat((float) total).isEqualTo(wholeSquares);
  }

  @Test
  void theHiddenLayersShapeSplitsAtSmallBatchesOnly() {
    assertThat(vector.splitsSteps(16, 100)).isEqualTo(VectorMatmul.chainsOnly(100));
    assertThat(vector.splitsSteps(64, 100)).isEqualTo(VectorMatmul.chainsOnly(100));
    // larger batches list their columns chunk by chunk inside the step: not in blocks
    assertThat(vector.splitsSteps(1024, 100)).isFalse();
    // rows that end in a four-chain vector cannot be continued
    assertThat(VectorMatmul.chainsOnly(12 * V + V)).isFalse();
    assertThat(VectorMatmul.chainsOnly(10)).isFalse();
    assertThat(vector.splitsSteps(16, 10)).isFalse();
  }

  @Test
  void theScalarKernelsDoNotSplitAndSaySo() {
    KernelProvider scalar = Kernels.scalar();
    assertThat(scalar.splitsSteps(16, 100)).isFalse();
    SparseRows x = new SparseRows();
    VectorMatmul.listNonZeros(new float[784], 1, 784, x);
    assertThatThrownBy(
            () -> scalar.sparseMatmulPart(x, new float[78400], new float[100], 100, 0, 1, false))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not split steps");
  }

  @Test
  void aStepInBlocksRefusesUnlistedColumns() {
    SparseRows x = new SparseRows();
    VectorMatmul.listNonZeros(new float[784 * 2], 2, 784, x);
    assertThatThrownBy(
            () ->
                vector.sparseMatmulTransASgdUpdateBlocks(
                    x, new float[200], new float[78400], 100, 0.1f, 0f, 0, 1, new double[25]))
        .isInstanceOf(IllegalStateException.class);
  }

  /** 0 = c0 ≤ c1 ≤ … ≤ c_parts = k, at random. */
  private static int[] cuts(Random rng, int k, int parts) {
    int[] c = new int[parts + 1];
    for (int p = 1; p < parts; p++) {
      c[p] = rng.nextInt(k + 1);
    }
    c[parts] = k;
    java.util.Arrays.sort(c, 1, parts);
    return c;
  }

  private static String join(int[] a) {
    return java.util.Arrays.toString(a);
  }
}
