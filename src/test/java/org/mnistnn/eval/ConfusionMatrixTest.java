package org.mnistnn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // true:      0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  private final ConfusionMatrix cm =
      ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2}, 3);

  @Test
  void countsPairsOfTrueAndPredictedClass() {
    assertThat(cm.counts()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
  }

  @Test
  void precisionRecallAndF1ByHand() {
    // class 1: predicted 1 twice, right once → precision 1/2; true 1 twice, found once → recall 1/2
    assertThat(cm.precision(1)).isCloseTo(0.5, within(1e-12));
    assertThat(cm.recall(1)).isCloseTo(0.5, within(1e-12));
    assertThat(cm.f1(1)).isCloseTo(0.5, within(1e-12));
    // class 0: precision 2/2, recall 2/3, F1 = 2·1·(2/3)/(1+2/3) = 0.8
    assertThat(cm.precision(0)).isCloseTo(1.0, within(1e-12));
    assertThat(cm.recall(0)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(cm.f1(0)).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void emptyClassHasZeroScoresNotNaN() {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0}, new int[] {0}, 2);
    assertThat(m.precision(1)).isZero();
    assertThat(m.recall(1)).isZero();
    assertThat(m.f1(1)).isZero();
  }

  @Test
  void textTableHasAHeaderAndOneRowPerClass() {
    assertThat(cm.toText().lines()).hasSize(4);
    assertThat(cm.toText().lines().skip(1).findFirst().orElseThrow().trim())
        .isEqualTo("0     2     1     0");
  }
}
