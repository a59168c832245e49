package org.mnistnn.plots;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.stream.DoubleStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.util.AtomicFiles;

/**
 * {@code loss.png}: the smoothed training loss against SGD steps, as in the notebook. The curve
 * starts after the smoothing's warm-up ({@link #WARM_UP} steps, three time constants of {@code s ←
 * 0.95·s + 0.05·loss}), which still holds mostly the first batches' loss and would set the axis;
 * when what remains spans more than a factor of ten the loss axis is logarithmic, so the late
 * epochs do not lie flat along the bottom.
 */
public final class LossPlot {
  private LossPlot() {}

  /** Groups of points {@link Envelope} keeps two of: the chart is 800 pixels wide. */
  static final int ENVELOPE_GROUPS = 400;

  /** The steps left out at the start: three time constants of the loss smoothing. */
  static final long WARM_UP = Math.round(3 / (1 - TrainConfig.SMOOTHING));

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
    List<MetricsLog.Row> shown = afterWarmUp(rows);
    double[] xs = shown.stream().mapToDouble(MetricsLog.Row::iteration).toArray();
    double[] ys = shown.stream().mapToDouble(MetricsLog.Row::smoothedLoss).toArray();
    if (xs.length == 0) {
      xs = new double[] {0};
      ys = new double[] {0};
    }
    DoubleSummaryStatistics range = DoubleStream.of(ys).summaryStatistics();
    if (range.getMin() > 0 && range.getMax() > 10 * range.getMin()) {
      chart.getStyler().setYAxisLogarithmic(true);
      chart.setYAxisTitle("loss (cross-entropy + L2), log scale");
    }
    // at most two points per pixel or two of the width: the same picture, drawn in a fraction
    double[][] kept = Envelope.of(xs, ys, ENVELOPE_GROUPS);
    XYSeries s = chart.addSeries("smoothed loss", kept[0], kept[1]);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(new Color(31, 119, 180));
    return chart;
  }

  /** The rows after the warm-up, or all of them when the run is not longer than it. */
  static List<MetricsLog.Row> afterWarmUp(List<MetricsLog.Row> rows) {
    long first = rows.isEmpty() ? 0 : rows.get(0).iteration();
    List<MetricsLog.Row> later =
        rows.stream().filter(r -> r.iteration() - first >= WARM_UP).toList();
    return later.isEmpty() ? rows : later;
  }

  /** Writes {@code loss.png} atomically. */
  public static void write(List<MetricsLog.Row> rows, Path file) throws IOException {
    byte[] png = BitmapEncoder.getBitmapBytes(chart(rows), BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, png);
  }
}
