package org.mnistnn.plots;

import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistnn.training.MetricsLog;

/** The test accuracy measured during training, against SGD steps. */
public final class AccuracyPlot {
  private AccuracyPlot() {}

  /** Builds the chart from the rows of the metrics log that carry a test accuracy. */
  public static XYChart chart(List<MetricsLog.Row> rows) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("Test accuracy")
            .xAxisTitle("training step")
            .yAxisTitle("accuracy on the 10,000 test images")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    List<MetricsLog.Row> measured =
        rows.stream().filter(r -> !Double.isNaN(r.testAccuracy())).toList();
    double[] xs = measured.stream().mapToDouble(MetricsLog.Row::iteration).toArray();
    double[] ys = measured.stream().mapToDouble(MetricsLog.Row::testAccuracy).toArray();
    if (xs.length == 0) {
      xs = new double[] {0};
      ys = new double[] {0};
    }
    XYSeries s = chart.addSeries("test accuracy", xs, ys);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(new Color(44, 160, 44));
    s.setMarkerColor(new Color(44, 160, 44));
    return chart;
  }
}
