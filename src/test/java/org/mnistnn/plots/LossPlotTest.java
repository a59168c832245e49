package org.mnistnn.plots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.mnistnn.training.MetricsLog;

class LossPlotTest {
  /** Rows every 10 steps: a first value of {@code first}, then a slow fall from 0.5 to 0.1. */
  static List<MetricsLog.Row> run(double first) {
    List<MetricsLog.Row> rows = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      double loss = i <= 6 ? first - (first - 0.5) * (i - 1) / 6 : 0.1 + 0.4 * Math.exp(-i / 60.0);
      rows.add(new MetricsLog.Row(10L * i, 1, loss, Double.NaN));
    }
    return rows;
  }

  @Test
  void theCurveStartsAfterTheSmoothingsWarmUp() {
    XYChart chart = LossPlot.chart(run(3.3));
    double[] ys = chart.getSeriesMap().get("smoothed loss").getYData();
    assertThat(chart.getSeriesMap().get("smoothed loss").getXData()[0]).isEqualTo(70);
    assertThat(java.util.Arrays.stream(ys).max().orElseThrow()).isLessThan(0.5);
    assertThat(chart.getStyler().isYAxisLogarithmic()).isFalse();
  }

  @Test
  void aCurveSpanningMoreThanTenfoldGetsALogAxis() {
    List<MetricsLog.Row> rows = new ArrayList<>(run(3.3));
    rows.add(7, new MetricsLog.Row(75, 1, 40.0, Double.NaN)); // a spike after the warm-up
    XYChart chart = LossPlot.chart(rows);
    assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(chart.getYAxisTitle()).endsWith("log scale");
  }

  @Test
  void aRunNoLongerThanTheWarmUpIsDrawnWhole() {
    List<MetricsLog.Row> rows = run(3.3).subList(0, 4);
    assertThat(LossPlot.chart(rows).getSeriesMap().get("smoothed loss").getXData()).hasSize(4);
  }
}
