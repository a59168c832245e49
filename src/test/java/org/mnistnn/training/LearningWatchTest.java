package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.SyntheticMnist;

class LearningWatchTest {
  static final int H = 5;
  final LearningWatch watch = new LearningWatch(SyntheticMnist.dataset(64, 1), 2f, 0);
  final float[] w1 = new float[784 * H];
  final float[] b1 = new float[H];

  @Test
  void aNetworkWhoseUnitsAreAllDeadIsStoppedAtTheNextProbe() {
    Arrays.fill(w1, -0.01f);
    Arrays.fill(b1, -0.1f);
    assertThatCode(() -> watch.afterStep(99, 2.4, w1, b1)).doesNotThrowAnyException();
    assertThatThrownBy(() -> watch.afterStep(100, 2.4, w1, b1))
        .isInstanceOf(Trainer.DivergedException.class)
        .hasMessage(
            "training stopped at step 100: the network is not learning: every hidden unit is dead"
                + " (ReLU gives 0 on each of 32 training images), so the answer no longer depends"
                + " on the image; try a smaller learning rate than --lr 2 (the default is 0.02)");
  }

  @Test
  void oneUnitAliveOnOneImageIsEnough() {
    Arrays.fill(w1, -0.01f);
    Arrays.fill(b1, -0.1f);
    b1[3] = -0.5f;
    // unit 3 responds to one pixel only, which is bright in some images only
    int p = brightPixelOfSomeImage();
    for (int q = 0; q < 784; q++) {
      w1[q * H + 3] = 0f;
    }
    w1[p * H + 3] = 1f;
    assertThat(watch.anyUnitAlive(w1, b1)).isTrue();
    w1[p * H + 3] = 0.4f; // 0.4 · x − 0.5 < 0 for x ≤ 1
    assertThat(watch.anyUnitAlive(w1, b1)).isFalse();
  }

  @Test
  void aLossStuckAtGuessingIsStoppedAfterTwoWindowsAndAFallingOneIsNot() {
    Arrays.fill(b1, 1f); // every unit alive
    for (long s = 1; s < 2 * LearningWatch.STALL_WINDOW; s++) {
      watch.afterStep(s, 2.31, w1, b1);
    }
    assertThatThrownBy(() -> watch.afterStep(2 * LearningWatch.STALL_WINDOW, 2.31, w1, b1))
        .hasMessageContaining("training stopped at step 1000")
        .hasMessageContaining("the smoothed loss 2.310 is no better than guessing")
        .hasMessageContaining("try a smaller learning rate than --lr 2");

    LearningWatch slow = new LearningWatch(SyntheticMnist.dataset(64, 1), 1e-5f, 0);
    for (long s = 1; s <= 4 * LearningWatch.STALL_WINDOW; s++) {
      slow.afterStep(s, 3.3 - s * 1e-4, w1, b1); // above ln 10, but falling 3% a window
    }
    LearningWatch stuckSlow = new LearningWatch(SyntheticMnist.dataset(64, 1), 1e-5f, 0);
    for (long s = 1; s < 2 * LearningWatch.STALL_WINDOW; s++) {
      stuckSlow.afterStep(s, 2.5, w1, b1);
    }
    assertThatThrownBy(() -> stuckSlow.afterStep(2 * LearningWatch.STALL_WINDOW, 2.5, w1, b1))
        .hasMessageContaining("try a larger learning rate than --lr 0.00001");
  }

  @Test
  void aLossBelowGuessingIsNeverStalled() {
    Arrays.fill(b1, 1f);
    for (long s = 1; s <= 3 * LearningWatch.STALL_WINDOW; s++) {
      watch.afterStep(s, 0.3, w1, b1);
    }
  }

  @Test
  void aCheckpointNeedsLiveUnitsAndABoundedLossOfItsOwnWeights() {
    float[] w2 = new float[H * 10];
    float[] b2 = new float[10];
    Arrays.fill(b1, 1f); // every unit alive, every class equally likely
    assertThat(watch.probeLoss(w1, b1, w2, b2)).isCloseTo(Math.log(10), within(1e-9));
    watch.beforeCheckpoint(20, w1, b1, w2, b2);
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (i % 3 - 1) * 1e6f; // confident and mostly wrong
    }
    assertThatThrownBy(() -> watch.beforeCheckpoint(40, w1, b1, w2, b2))
        .hasMessageStartingWith(
            "training stopped at step 40: the network is not learning: its loss")
        .hasMessageContaining("on 32 training images has blown up to ")
        .hasMessageContaining("so these weights are not saved");
    Arrays.fill(b1, -1f);
    assertThatThrownBy(() -> watch.beforeCheckpoint(40, w1, b1, new float[H * 10], b2))
        .hasMessageContaining("every hidden unit is dead");
  }

  @Test
  void theProbeLossIsTheCrossEntropyOfTheLabels() {
    // b2 alone decides: probability e²/(e² + 9) for class 0
    float[] b2 = new float[10];
    b2[0] = 2f;
    Arrays.fill(b1, 1f);
    var d = SyntheticMnist.dataset(64, 1);
    double expected = 0;
    for (int i = 0; i < 32; i++) {
      double p0 = Math.exp(2) / (Math.exp(2) + 9);
      expected -= Math.log(d.label(i) == 0 ? p0 : (1 - p0) / 9);
    }
    assertThat(watch.probeLoss(w1, b1, new float[H * 10], b2))
        .isCloseTo(expected / 32, within(1e-6));
  }

  @Test
  void numbersReadAsTheyAreWritten() {
    assertThat(TrainConfig.formatNumber(1e-4f)).isEqualTo("0.0001");
    assertThat(TrainConfig.formatNumber(0.02f)).isEqualTo("0.02");
    assertThat(TrainConfig.formatNumber(2f)).isEqualTo("2");
    assertThat(TrainConfig.formatNumber(100f)).isEqualTo("100");
    assertThat(TrainConfig.formatNumber(1e-7f)).isEqualTo("1e-7");
    assertThat(TrainConfig.formatNumber(1.5e9f)).isEqualTo("1.5e9");
  }

  private int brightPixelOfSomeImage() {
    var d = SyntheticMnist.dataset(64, 1);
    for (int p = 0; p < 784; p++) {
      int bright = 0;
      for (int i = 0; i < 32; i++) {
        bright += d.pixel(i, p) == 255 ? 1 : 0;
      }
      if (bright > 0 && bright < 32) {
        return p;
      }
    }
    throw new AssertionError("no pixel bright in some images only");
  }
}
