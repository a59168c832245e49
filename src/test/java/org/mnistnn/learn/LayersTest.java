package org.mnistnn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each function of {@link Layers} on a tiny case worked out by hand in the comments. */
class LayersTest {
  private static final float TOL = 1e-6f;

  @Test
  void affineForwardMultipliesAndAddsTheBiasToEveryRow() {
    // x = [1 2; 3 4], W = [1 0 -1; 2 1 0], b = [0.5 -1 2]
    // x·W = [1+4, 0+2, -1+0; 3+8, 0+4, -3+0] = [5 2 -1; 11 4 -3]
    // + b = [5.5 1 1; 11.5 3 -1]
    float[] x = {1, 2, 3, 4};
    float[] w = {1, 0, -1, 2, 1, 0};
    float[] b = {0.5f, -1, 2};
    float[] z = new float[6];
    Layers.affineForward(x, w, b, z, 2, 2, 3);
    assertThat(z).containsExactly(new float[] {5.5f, 1, 1, 11.5f, 3, -1}, within(TOL));
  }

  @Test
  void reluKeepsPositivesAndZeroesTheRest() {
    float[] z = {-2, -0.5f, 0, 0.5f, 3};
    float[] h = new float[5];
    Layers.relu(z, h, 5);
    assertThat(h).containsExactly(0, 0, 0, 0.5f, 3);
  }

  @Test
  void softmaxOfLogsOfOneTwoThreeIsOneTwoThreeOverSix() {
    // exp(0), exp(ln 2), exp(ln 3) = 1, 2, 3; their sum is 6.
    float[] z = {0, (float) Math.log(2), (float) Math.log(3)};
    float[] p = new float[3];
    Layers.softmax(z, p, 1, 3);
    assertThat(p).containsExactly(new float[] {1f / 6, 1f / 3, 1f / 2}, within(TOL));
  }

  @Test
  void softmaxIsStableForHugeScores() {
    // Without subtracting the maximum, exp(1000) = ∞ and ∞/∞ = NaN; exp(-1000) = 0 and 0/0 = NaN.
    float[] z = {1000, 1000, -1000, -1000, 1000, 0, -1000, 0};
    float[] p = new float[8];
    Layers.softmax(z, p, 4, 2);
    assertThat(p).containsExactly(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 1, 0, 0, 1}, within(TOL));
  }

  @Test
  void softmaxRowsSumToOneAndIgnoreAConstantAddedToARow() {
    Random rng = new Random(42);
    int n = 7;
    int c = 10;
    float[] z = new float[n * c];
    float[] shifted = new float[n * c];
    for (int i = 0; i < n; i++) {
      float shift = (rng.nextFloat() - 0.5f) * 200;
      for (int j = 0; j < c; j++) {
        z[i * c + j] = (float) (rng.nextGaussian() * 5);
        shifted[i * c + j] = z[i * c + j] + shift;
      }
    }
    float[] p = new float[n * c];
    float[] q = new float[n * c];
    Layers.softmax(z, p, n, c);
    Layers.softmax(shifted, q, n, c);
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += p[i * c + j];
        assertThat(p[i * c + j]).isBetween(0f, 1f);
      }
      assertThat(sum).isCloseTo(1, within(1e-5));
    }
    // Shifts up to ±100 move the float inputs by a few ulps of 100, hence 1e-4.
    assertThat(q).containsExactly(p, within(1e-4f));
  }

  @Test
  void crossEntropyIsMinusTheMeanLogOfTheTrueClassProbability() {
    // −(ln 0.75 + ln 0.5) / 2 = (0.2876821 + 0.6931472) / 2 = 0.4904146
    float[] probs = {0.25f, 0.75f, 0.5f, 0.5f};
    double loss = Layers.crossEntropy(probs, new int[] {1, 0}, 2, 2);
    assertThat(loss).isCloseTo(0.4904146, within(1e-6));
  }

  @Test
  void crossEntropyStaysFiniteWhenTheTrueClassUnderflowed() {
    double loss = Layers.crossEntropy(new float[] {1, 0}, new int[] {1}, 1, 2);
    assertThat(loss).isFinite().isGreaterThan(80);
  }

  @Test
  void softmaxCrossEntropyBackwardIsProbsMinusOneHotOverN() {
    // probs = [.2 .3 .5; .1 .1 .8], y = [2, 0], N = 2
    // row 0: [.2, .3, .5 − 1] / 2 = [.1, .15, −.25]
    // row 1: [.1 − 1, .1, .8] / 2 = [−.45, .05, .4]
    float[] probs = {0.2f, 0.3f, 0.5f, 0.1f, 0.1f, 0.8f};
    float[] before = probs.clone();
    float[] dz2 = new float[6];
    Layers.softmaxCrossEntropyBackward(probs, new int[] {2, 0}, dz2, 2, 3);
    assertThat(dz2)
        .containsExactly(new float[] {0.1f, 0.15f, -0.25f, -0.45f, 0.05f, 0.4f}, within(TOL));
    assertThat(probs).as("probs must be left alone (the notebook edited them)").isEqualTo(before);
  }

  @Test
  void reluBackwardPassesGradientOnlyWhereTheInputWasPositive() {
    // z = [−1, 0, 0.5, 2]: units 0 and 1 were off (relu'(0) taken as 0).
    float[] dz = new float[4];
    Layers.reluBackward(new float[] {1, 2, 3, 4}, new float[] {-1, 0, 0.5f, 2}, dz, 4);
    assertThat(dz).containsExactly(0, 0, 3, 4);
  }

  @Test
  void affineBackwardGivesDwDbAndDx() {
    // x = [1 2; 3 4], dz = [1 0 −1; 0 2 1], W = [1 0 −1; 2 1 0]
    // dW = xᵀ·dz: row 0 = 1·[1 0 −1] + 3·[0 2 1] = [1 6 2]; row 1 = 2·[1 0 −1] + 4·[0 2 1] = [2 8
    // 2]
    // db = column sums of dz = [1 2 0]
    // dx = dz·Wᵀ: row 0 = [1+0+1, 2+0+0] = [2 2]; row 1 = [0+0−1, 0+2+0] = [−1 2]
    float[] x = {1, 2, 3, 4};
    float[] dz = {1, 0, -1, 0, 2, 1};
    float[] w = {1, 0, -1, 2, 1, 0};
    float[] dW = new float[6];
    float[] db = new float[3];
    float[] dx = new float[4];
    Layers.affineBackward(dz, x, w, dW, db, dx, 2, 2, 3);
    assertThat(dW).containsExactly(1, 6, 2, 2, 8, 2);
    assertThat(db).containsExactly(1, 2, 0);
    assertThat(dx).containsExactly(2, 2, -1, 2);
  }

  @Test
  void affineBackwardWithoutDxLeavesItOut() {
    float[] dW = new float[6];
    float[] db = new float[3];
    Layers.affineBackward(
        new float[] {1, 0, -1, 0, 2, 1},
        new float[] {1, 2, 3, 4},
        new float[6],
        dW,
        db,
        null,
        2,
        2,
        3);
    assertThat(db).containsExactly(1, 2, 0);
  }

  @Test
  void l2PenaltyIsHalfRegTimesSumOfSquares() {
    // ½ · 0.1 · (1 + 4 + 9) = 0.7
    assertThat(Layers.l2Penalty(new float[] {1, -2, 3}, 0.1f)).isCloseTo(0.7, within(1e-6));
  }

  @Test
  void sgdStepMovesAgainstTheGradientPlusTheL2Term() {
    // θ − 0.1·(dθ + 0.2·θ): 1 − 0.1·(0.5 + 0.2) = 0.93; −2 − 0.1·(1 − 0.4) = −2.06
    float[] theta = {1, -2};
    float[] grad = {0.5f, 1};
    Layers.l2Backward(theta, 0.2f, grad);
    Layers.sgdStep(theta, grad, 0.1f);
    assertThat(theta).containsExactly(new float[] {0.93f, -2.06f}, within(TOL));
  }
}
