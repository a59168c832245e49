package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BarLineTest {
  @ParameterizedTest
  @ValueSource(ints = {20, 40, 69, 70, 79, 80, 100, 119, 200})
  void neverWiderThanAsked(int width) {
    for (long done : new long[] {0, 1, 17_500, 37_499, 37_500}) {
      String line =
          BarLine.render(done, 37_500, Duration.ofSeconds(20), 12, 0.1234, 0.97125, width);
      assertThat(line.length()).as(line).isLessThanOrEqualTo(Math.max(width, 23));
    }
  }

  @Test
  void aWideTerminalShowsEveryFactSeparated() {
    String line = BarLine.render(15_000, 37_500, Duration.ofSeconds(8), 5, 0.1234, 0.9712, 160);
    assertThat(line)
        .startsWith("train  40% │")
        .endsWith("│ 15000/37500 · epoch 5 · loss 0.123 · acc 0.9712 · 0:12 left · 1875 steps/s")
        .hasSize(160);
  }

  @Test
  void aNarrowTerminalLosesTheSpeedAndTimeBeforeTheLoss() {
    String line = BarLine.render(15_000, 37_500, Duration.ofSeconds(8), 5, 0.1234, 0.9712, 70);
    assertThat(line).contains("epoch 5 · loss 0.123").doesNotContain("steps/s");
  }

  @Test
  void theBarIsFilledInEighthsOfACell() {
    String line = BarLine.render(1, 2, Duration.ZERO, 0, Double.NaN, Double.NaN, 30);
    assertThat(line).isEqualTo("train  50% │██████▌      │ 1/2").hasSize(30);
    assertThat(BarLine.render(2, 2, Duration.ZERO, 0, Double.NaN, Double.NaN, 30))
        .isEqualTo("train 100% │█████████████│ 2/2");
  }

  @Test
  void clockReadsMinutesAndHours() {
    assertThat(BarLine.clock(5)).isEqualTo("0:05");
    assertThat(BarLine.clock(754)).isEqualTo("12:34");
    assertThat(BarLine.clock(3 * 3600 + 62)).isEqualTo("3:01:02");
  }
}
