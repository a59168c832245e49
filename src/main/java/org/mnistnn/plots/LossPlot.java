package org.mnistnn.plots;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.util.AtomicFiles;

/** {@code loss.png}: the smoothed training loss against SGD steps, as in the notebook. */
public final class LossPlot {
  private LossPlot() {}

  /** Groups of points {@link Envelope} keeps two of: the chart is 800 pixels wide. */
  static final int ENVELOPE_GROUPS = 400;

  /** Builds the chart from the logged rows. */
  public static XYChart chart(List<MetricsLog.Row> rows) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title("Smoothed loss")
            .xAxisTitle("training step")
            .yAxisTitle("loss (cross-entropy + L2)")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    double[] xs = rows.stream().mapToDouble(MetricsLog.Row::iteration).toArray();
    double[] ys = rows.stream().mapToDouble(MetricsLog.Row::smoothedLoss).toArray();
    if (xs.length == 0) {
      xs = new double[] {0};
      ys = new double[] {0};
    }
    // at most two points per pixel or two of the width: the same picture, drawn in a fraction
    double[][] kept = Envelope.of(xs, ys, ENVELOPE_GROUPS);
    XYSeries s = chart.addSeries("smoothed loss", kept[0], kept[1]);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(new Color(31, 119, 180));
    return chart;
  }

  /** Writes {@code loss.png} atomically. */
  public static void write(List<MetricsLog.Row> rows, Path file) throws IOException {
    byte[] png = BitmapEncoder.getBitmapBytes(chart(rows), BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, png);
  }
}
