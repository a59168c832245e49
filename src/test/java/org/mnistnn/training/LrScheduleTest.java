package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each schedule against hand-computed rates; 10 steps per epoch, 100 steps in all. */
class LrScheduleTest {
  private static LrSchedule of(LrSchedule.Kind kind, int warmup) {
    return new LrSchedule(kind, 0.1f, warmup, 3, 0.5f, 10, 100);
  }

  @Test
  void constantIsConstant() {
    LrSchedule s = of(LrSchedule.Kind.CONSTANT, 0);
    assertThat(s.at(0)).isEqualTo(0.1f);
    assertThat(s.at(99)).isEqualTo(0.1f);
  }

  @Test
  void stepHalvesEveryThreeEpochs() {
    LrSchedule s = of(LrSchedule.Kind.STEP, 0);
    assertThat(s.at(29)).isEqualTo(0.1f);
    assertThat(s.at(30)).isCloseTo(0.05f, within(1e-8f));
    assertThat(s.at(59)).isCloseTo(0.05f, within(1e-8f));
    assertThat(s.at(60)).isCloseTo(0.025f, within(1e-8f));
    assertThat(s.at(99)).isCloseTo(0.0125f, within(1e-8f));
  }

  @Test
  void cosineFallsFromTheBaseRateToZero() {
    LrSchedule s = of(LrSchedule.Kind.COSINE, 0);
    assertThat(s.at(0)).isEqualTo(0.1f);
    assertThat(s.at(50)).isCloseTo(0.05f, within(1e-7f));
    // ½·(1 + cos(π/4)) = 0.853553…
    assertThat(s.at(25)).isCloseTo(0.0853553f, within(1e-7f));
    assertThat(s.at(100)).isCloseTo(0f, within(1e-9f));
  }

  @Test
  void warmupRisesLinearlyThenHandsOver() {
    LrSchedule c = of(LrSchedule.Kind.CONSTANT, 4);
    assertThat(c.at(0)).isCloseTo(0.025f, within(1e-8f));
    assertThat(c.at(1)).isCloseTo(0.05f, within(1e-8f));
    assertThat(c.at(3)).isEqualTo(0.1f);
    assertThat(c.at(4)).isEqualTo(0.1f);
    // cosine starts its fall after the warm-up: at t = 4 + 48 it is half-way
    LrSchedule cos = of(LrSchedule.Kind.COSINE, 4);
    assertThat(cos.at(2)).isCloseTo(0.075f, within(1e-8f));
    assertThat(cos.at(4)).isEqualTo(0.1f);
    assertThat(cos.at(52)).isCloseTo(0.05f, within(1e-7f));
  }
}
