package org.mnistnn.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mnistnn.util.AtomicFiles;

/**
 * The rows of {@code metrics.csv}: one per logged step (every {@code logEvery} steps and wherever
 * test accuracy was measured), with iteration, epoch, smoothed loss and test accuracy where it was
 * evaluated.
 */
public final class MetricsLog implements TrainingListener {
  /** One row: test accuracy is NaN where it was not measured. */
  public record Row(long iteration, int epoch, double smoothedLoss, double testAccuracy) {}

  private final List<Row> rows = new ArrayList<>();
  private final int logEvery;
  private double lastLoss = Double.NaN;
  private final List<double[]> epochTimes = new ArrayList<>();

  public MetricsLog(int logEvery) {
    this.logEvery = logEvery;
  }

  @Override
  public synchronized void stepped(long step, int epoch, double smoothedLoss) {
    lastLoss = smoothedLoss;
    if (step % logEvery == 0) {
      rows.add(new Row(step, epoch, smoothedLoss, Double.NaN));
    }
  }

  @Override
  public synchronized void evaluated(long step, int epoch, double testAccuracy) {
    Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
    if (last != null && last.iteration() == step) {
      rows.set(rows.size() - 1, new Row(step, epoch, last.smoothedLoss(), testAccuracy));
    } else {
      rows.add(new Row(step, epoch, lastLoss, testAccuracy));
    }
  }

  @Override
  public synchronized void epochEnded(int epoch, double seconds, double testAccuracy) {
    epochTimes.add(new double[] {epoch, seconds, testAccuracy});
  }

  /** A snapshot of the rows so far. */
  public synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  /** Seconds each finished epoch took, in order. */
  public synchronized double[] epochSeconds() {
    return epochTimes.stream().mapToDouble(e -> e[1]).toArray();
  }

  /** Values per row in {@link #rowsAsArray()}: iteration, epoch, smoothed loss, test accuracy. */
  public static final int ROW_VALUES = 4;

  /** The rows flattened, {@link #ROW_VALUES} per row, for checkpoints (exact doubles). */
  public synchronized double[] rowsAsArray() {
    double[] a = new double[rows.size() * ROW_VALUES];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      a[i * ROW_VALUES] = r.iteration();
      a[i * ROW_VALUES + 1] = r.epoch();
      a[i * ROW_VALUES + 2] = r.smoothedLoss();
      a[i * ROW_VALUES + 3] = r.testAccuracy();
    }
    return a;
  }

  /** The finished epochs flattened as (epoch, seconds, test accuracy) triples, for checkpoints. */
  public synchronized double[] epochsAsArray() {
    double[] a = new double[epochTimes.size() * 3];
    for (int i = 0; i < epochTimes.size(); i++) {
      System.arraycopy(epochTimes.get(i), 0, a, i * 3, 3);
    }
    return a;
  }

  /**
   * Replaces the log's content with what a checkpoint saved ({@link #rowsAsArray()}, {@link
   * #epochsAsArray()}), so a resumed run writes the same metrics.csv as an uninterrupted one.
   *
   * @param lastLoss the smoothed loss at the checkpoint
   */
  public synchronized void restore(double[] rowValues, double[] epochValues, double lastLoss) {
    if (rowValues.length % ROW_VALUES != 0 || epochValues.length % 3 != 0) {
      throw new IllegalArgumentException(
          "metrics arrays of lengths "
              + rowValues.length
              + ", "
              + epochValues.length
              + " are not whole rows");
    }
    rows.clear();
    for (int i = 0; i < rowValues.length; i += ROW_VALUES) {
      rows.add(
          new Row((long) rowValues[i], (int) rowValues[i + 1], rowValues[i + 2], rowValues[i + 3]));
    }
    epochTimes.clear();
    for (int i = 0; i < epochValues.length; i += 3) {
      epochTimes.add(java.util.Arrays.copyOfRange(epochValues, i, i + 3));
    }
    this.lastLoss = lastLoss;
  }

  /** The CSV text with a header line. */
  public synchronized String toCsv() {
    StringBuilder sb = new StringBuilder("iteration,epoch,smoothed_loss,test_accuracy\n");
    for (Row r : rows) {
      sb.append(r.iteration())
          .append(',')
          .append(r.epoch())
          .append(',')
          .append(String.format(java.util.Locale.ROOT, "%.6f", r.smoothedLoss()))
          .append(',');
      if (!Double.isNaN(r.testAccuracy())) {
        sb.append(String.format(java.util.Locale.ROOT, "%.4f", r.testAccuracy()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes {@code metrics.csv} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
  }
}
