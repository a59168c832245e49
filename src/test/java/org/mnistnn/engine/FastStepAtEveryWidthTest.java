package org.mnistnn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.ReferenceStep;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The engine's step against the lesson's, at every width and with the scalar kernels: after the
 * same steps on the same batches the weights, the losses and the optimiser's state agree to float
 * rounding. Hidden sizes that are and are not whole vectors, batches of one and of more, every
 * optimiser. Runs in its own JVM with the other every-width tests (see pom.xml).
 */
class FastStepAtEveryWidthTest {
  /** Float rounding in another order, over ten steps of these small problems. */
  private static final float TOL = 2e-5f;

  record Case(String kernels, int hidden, int batch, float mu, boolean nesterov, boolean regB) {}

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    List<Object[]> kernels = new ArrayList<>();
    kernels.add(new Object[] {new ScalarKernels(), 1});
    for (int bits : new int[] {64, 128, 256, 512}) {
      VectorKernels v = VectorKernels.ofBits(bits);
      kernels.add(new Object[] {v, v.lanes()});
    }
    for (Object[] k : kernels) {
      all.add(Arguments.of(k[0], k[1], 100, 16, 0f, false, true));
      all.add(Arguments.of(k[0], k[1], 13, 1, 0f, false, false));
      all.add(Arguments.of(k[0], k[1], 17, 7, 0.9f, false, true));
      all.add(Arguments.of(k[0], k[1], 9, 5, 0.9f, true, false));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, H {2}, batch {3}, momentum {4}, nesterov {5}, reg biases {6}")
  @MethodSource("cases")
  void tenStepsGiveTheReferenceWeights(
      Kernels k, int lanes, int hidden, int batch, float mu, boolean nesterov, boolean regBiases) {
    Random rng = new Random(hidden * 31 + batch);
    TwoLayerNet start = TwoLayerNet.initialised(784, hidden, 10, rng);
    TwoLayerNet.fillGaussian(start.b1, 0.1, rng);
    L2 l2 = new L2(1e-3f, regBiases);
    TwoLayerNet ref = start.copy();
    TwoLayerNet fast = start.copy();
    Step reference = new ReferenceStep(ref, l2, mu, nesterov);
    Step engine = new FastStep(fast, l2, mu, nesterov, k, lanes);
    for (int s = 0; s < 10; s++) {
      float[] x = images(rng, batch);
      int[] y = labels(rng, batch);
      double expected = reference.take(x, y, batch, 0.05f);
      double got = engine.take(x, y, batch, 0.05f);
      assertThat(got).as("loss of step %d", s).isCloseTo(expected, within(1e-5));
    }
    TwoLayerNet trained = engine.net();
    float[][] want = ref.parameters();
    float[][] have = trained.parameters();
    for (int p = 0; p < 4; p++) {
      assertThat(have[p]).as(TwoLayerNet.PARAMETER_NAMES[p]).containsExactly(want[p], within(TOL));
    }
    Map<String, float[]> state = new java.util.HashMap<>(engine.state());
    // plain SGD with L2 also saves its scaled W1, which only this engine uses
    state.keySet().removeIf(FastStep::isEngineState);
    assertThat(state.keySet()).isEqualTo(reference.state().keySet());
    for (Map.Entry<String, float[]> e : reference.state().entrySet()) {
      assertThat(state.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue(), within(TOL));
    }
  }

  /**
   * A batch large enough to be cut in two across the cores ({@link Halves}): the forward product
   * and the update of W1 run half on another thread, and the weights are still the reference's.
   */
  @ParameterizedTest(name = "{0}, momentum {2}")
  @MethodSource("largeBatches")
  void aBatchCutInTwoGivesTheReferenceWeights(Kernels k, int lanes, float mu) {
    int batch = Halves.FROM;
    Random rng = new Random(41);
    TwoLayerNet start = TwoLayerNet.initialised(784, 100, 10, rng);
    L2 l2 = new L2(1e-3f, true);
    TwoLayerNet ref = start.copy();
    Step reference = new ReferenceStep(ref, l2, mu, false);
    Step engine = new FastStep(start.copy(), l2, mu, false, k, lanes);
    for (int s = 0; s < 3; s++) {
      float[] x = images(rng, batch);
      int[] y = labels(rng, batch);
      double expected = reference.take(x, y, batch, 0.1f);
      assertThat(engine.take(x, y, batch, 0.1f)).as("loss").isCloseTo(expected, within(1e-5));
    }
    float[][] want = ref.parameters();
    float[][] have = engine.net().parameters();
    for (int p = 0; p < 4; p++) {
      assertThat(have[p]).as(TwoLayerNet.PARAMETER_NAMES[p]).containsExactly(want[p], within(TOL));
    }
  }

  /**
   * Where the rows start in their arrays (the launcher's alignment or none) changes no bit of the
   * training: the same steps from offsets 0, 4 and 12 give the same weights and losses, with a
   * hidden layer that is not a whole number of vectors, with and without momentum.
   */
  @ParameterizedTest(name = "{0}, momentum {2}")
  @MethodSource("offsetCases")
  void theRowsOffsetChangesNoBit(Kernels k, int lanes, float mu) {
    float[][] first = null;
    double[] firstLosses = null;
    for (int offset : new int[] {0, 4, 12}) {
      Random rng = new Random(7);
      TwoLayerNet start = TwoLayerNet.initialised(784, 13, 10, rng);
      Step engine = new FastStep(start, new L2(1e-3f, true), mu, false, k, lanes, offset);
      double[] losses = new double[8];
      for (int s = 0; s < losses.length; s++) {
        losses[s] = engine.take(images(rng, 9), labels(rng, 9), 9, 0.05f);
      }
      float[][] have = engine.net().parameters();
      if (first == null) {
        first = have;
        firstLosses = losses;
      } else {
        for (int p = 0; p < 4; p++) {
          assertThat(have[p])
              .as("%s from offset %d", TwoLayerNet.PARAMETER_NAMES[p], offset)
              .containsExactly(first[p]);
        }
        assertThat(losses).as("losses from offset %d", offset).containsExactly(firstLosses);
      }
    }
  }

  static Stream<Arguments> offsetCases() {
    return Stream.of(
        Arguments.of(VectorKernels.ofBits(256), 8, 0f),
        Arguments.of(VectorKernels.ofBits(256), 8, 0.9f),
        Arguments.of(VectorKernels.ofBits(128), 4, 0f));
  }

  static Stream<Arguments> largeBatches() {
    return Stream.of(
        Arguments.of(VectorKernels.ofBits(256), 8, 0f),
        Arguments.of(VectorKernels.ofBits(256), 8, 0.9f));
  }

  static Stream<Arguments> widths() {
    return Stream.of(
        Arguments.of(new ScalarKernels(), 1),
        Arguments.of(VectorKernels.ofBits(128), 4),
        Arguments.of(VectorKernels.ofBits(256), 8),
        Arguments.of(VectorKernels.ofBits(512), 16));
  }

  /**
   * A strong L2 term shrinks plain SGD's scale of W1 below the point where the engine folds it back
   * into the weights, several times in twelve steps; the weights stay the reference's.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("widths")
  void aScaleThatShrinksIsFoldedBackIntoTheWeights(Kernels k, int lanes) {
    Random rng = new Random(3);
    TwoLayerNet start = TwoLayerNet.initialised(784, 20, 10, rng);
    L2 l2 = new L2(0.5f, true);
    TwoLayerNet ref = start.copy();
    Step reference = new ReferenceStep(ref, l2, 0f, false);
    Step engine = new FastStep(start.copy(), l2, 0f, false, k, lanes);
    for (int s = 0; s < 12; s++) {
      float[] x = images(rng, 4);
      int[] y = labels(rng, 4);
      // (1 − 0.5·0.5) per step: the scale passes 1/16 about every ten steps
      assertThat(engine.take(x, y, 4, 0.5f))
          .as("loss of step %d", s)
          .isCloseTo(reference.take(x, y, 4, 0.5f), within(1e-5));
    }
    assertThat(engine.net().W1).containsExactly(ref.W1, within(TOL));
  }

  @ParameterizedTest(name = "{0}, H {2}, batch {3}, momentum {4}, nesterov {5}, reg biases {6}")
  @MethodSource("cases")
  void restoredStateContinuesBitForBit(
      Kernels k, int lanes, int hidden, int batch, float mu, boolean nesterov, boolean regBiases) {
    Random rng = new Random(7);
    L2 l2 = new L2(1e-3f, regBiases);
    TwoLayerNet a = TwoLayerNet.initialised(784, hidden, 10, rng);
    Step first = new FastStep(a, l2, mu, nesterov, k, lanes);
    List<float[]> xs = new ArrayList<>();
    List<int[]> ys = new ArrayList<>();
    for (int s = 0; s < 6; s++) {
      xs.add(images(rng, batch));
      ys.add(labels(rng, batch));
    }
    for (int s = 0; s < 3; s++) {
      first.take(xs.get(s), ys.get(s), batch, 0.05f);
    }
    // a new step on the saved weights and state, as a resumed run makes it
    TwoLayerNet saved = first.net().copy();
    Step second = new FastStep(saved, l2, mu, nesterov, k, lanes);
    second.restore(first.state());
    for (int s = 3; s < 6; s++) {
      double l1 = first.take(xs.get(s), ys.get(s), batch, 0.05f);
      double l2b = second.take(xs.get(s), ys.get(s), batch, 0.05f);
      assertThat(l2b).isEqualTo(l1);
    }
    assertThat(second.net().W1).isEqualTo(first.net().W1);
    assertThat(second.net().W2).isEqualTo(first.net().W2);
  }

  /** MNIST-like inputs: four pixels in five exactly zero, the rest in (0, 1]. */
  static float[] images(Random rng, int n) {
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(5) == 0 ? rng.nextInt(255) / 255f + 1f / 255 : 0f;
    }
    return x;
  }

  static int[] labels(Random rng, int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(10);
    }
    return y;
  }

  /** This JVM runs with the launcher's alignment, so the 256-bit cases start W1's rows past 0. */
  @Test
  void theseTestsRunWithW1sRowsAligned() {
    assumeTrue(
        Alignment.OBJECT_ALIGNMENT == 32,
        "runs in the every-vector-width execution of pom.xml, with -XX:ObjectAlignmentInBytes=32;"
            + " this JVM has "
            + Alignment.OBJECT_ALIGNMENT);
    int offset = Alignment.floatsToAlign(32);
    assertThat((Alignment.FLOAT_ARRAY_BASE + 4 * offset) % 32).isZero();
    assertThat(new EngineWeights(784, 100, 10, 8).w1o).isEqualTo(offset);
    assertThat(Alignment.floatsToAlign(64)).as("no 64-byte boundary is known").isZero();
  }
}
