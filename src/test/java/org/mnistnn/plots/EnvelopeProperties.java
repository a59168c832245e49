package org.mnistnn.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.mnistnn.training.MetricsLog;

/**
 * {@link Envelope} keeps what a chart shows: in every group of consecutive points, the lowest and
 * the highest, in order, plus the series' ends; short series whole.
 */
class EnvelopeProperties {

  /** A noisy falling curve at strictly increasing steps, as a loss log is. */
  private static double[][] series(int n, long seed) {
    Random rng = new Random(seed);
    double[] xs = new double[n];
    double[] ys = new double[n];
    double x = 0;
    for (int i = 0; i < n; i++) {
      x += 1 + rng.nextInt(20);
      xs[i] = x;
      ys[i] = Math.exp(-i / 300.0) + 0.2 * rng.nextGaussian();
    }
    return new double[][] {xs, ys};
  }

  @Property(tries = 300)
  void everyGroupKeepsItsLowestAndHighestPointInOrder(
      @ForAll @IntRange(min = 0, max = 6000) int n,
      @ForAll @IntRange(min = 1, max = 500) int groups,
      @ForAll long seed) {
    double[][] s = series(n, seed);
    double[][] kept = Envelope.of(s[0], s[1], groups);
    double[] kx = kept[0];
    double[] ky = kept[1];
    if (n <= 2 * groups) {
      assertThat(kx).containsExactly(s[0]);
      assertThat(ky).containsExactly(s[1]);
      return;
    }
    assertThat(kx.length).isLessThanOrEqualTo(2 * groups + 2);
    // the points kept are points of the series, in its order (its steps increase strictly)
    List<Integer> at = new ArrayList<>();
    int i = 0;
    for (int j = 0; j < kx.length; j++) {
      while (i < n && s[0][i] != kx[j]) {
        i++;
      }
      assertThat(i)
          .as("point %d of %d kept is not in the series after the one before", j, n)
          .isLessThan(n);
      assertThat(ky[j]).isEqualTo(s[1][i]);
      at.add(i++);
    }
    assertThat(at.get(0)).isZero();
    assertThat(at.get(at.size() - 1)).isEqualTo(n - 1);
    // each group's extremes are among them
    for (int g = 0; g < groups; g++) {
      int from = (int) ((long) n * g / groups);
      int to = (int) ((long) n * (g + 1) / groups);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      double keptLo = Double.POSITIVE_INFINITY;
      double keptHi = Double.NEGATIVE_INFINITY;
      for (int p = from; p < to; p++) {
        lo = Math.min(lo, s[1][p]);
        hi = Math.max(hi, s[1][p]);
      }
      for (int j = 0; j < at.size(); j++) {
        if (at.get(j) >= from && at.get(j) < to) {
          keptLo = Math.min(keptLo, ky[j]);
          keptHi = Math.max(keptHi, ky[j]);
        }
      }
      assertThat(keptLo).as("lowest of group %d", g).isEqualTo(lo);
      assertThat(keptHi).as("highest of group %d", g).isEqualTo(hi);
    }
  }

  @Test
  void aSmallExampleByHand() {
    double[] xs = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] ys = {5, 1, 9, 3, 4, 8, 2, 6};
    // groups {5,1,9,3} and {4,8,2,6}: 1 then 9, 8 then 2; and the ends
    double[][] kept = Envelope.of(xs, ys, 2);
    assertThat(kept[0]).containsExactly(1, 2, 3, 6, 7, 8);
    assertThat(kept[1]).containsExactly(5, 1, 9, 8, 2, 6);
  }

  @Test
  void refusesMismatchedSeriesAndNoGroups() {
    assertThatThrownBy(() -> Envelope.of(new double[3], new double[2], 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 and 2");
    assertThatThrownBy(() -> Envelope.of(new double[3], new double[3], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  /** A default run's 5,625 loss points reach the chart as at most 802. */
  @Test
  void theLossChartDrawsTheEnvelopeOfALongRun() {
    List<MetricsLog.Row> rows = new ArrayList<>();
    for (int i = 1; i <= 5625; i++) {
      rows.add(
          new MetricsLog.Row(10L * i, 1 + i / 375, 2.3 * Math.exp(-i / 400.0) + 0.1, Double.NaN));
    }
    XYChart chart = LossPlot.chart(rows);
    var series = chart.getSeriesMap().get("smoothed loss");
    assertThat(series.getXData().length).isBetween(400, 2 * LossPlot.ENVELOPE_GROUPS + 2);
    assertThat(series.getXData()[0]).isEqualTo(10 + LossPlot.WARM_UP);
    assertThat(series.getXData()[series.getXData().length - 1]).isEqualTo(56_250);
  }
}
