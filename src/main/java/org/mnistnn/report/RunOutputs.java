package org.mnistnn.report;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistData;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.plots.ConfusionPlot;
import org.mnistnn.plots.DigitImages;
import org.mnistnn.plots.LossPlot;
import org.mnistnn.plots.SamplesPlot;
import org.mnistnn.plots.WeightsPlot;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.util.AtomicFiles;
import org.mnistnn.util.Await;

/** Writes everything a finished run leaves in its folder. */
public final class RunOutputs {
  private RunOutputs() {}

  /** What a finished run knows about itself. */
  public record Run(
      TwoLayerNet net,
      JsonObject meta,
      MetricsLog metrics,
      Evaluator.Result testResult,
      MnistData data,
      double trainSeconds) {}

  /**
   * Starts drawing a throw-away chart on a background thread, so that the charting and imaging
   * classes are loaded and their code compiled before the outputs are written, where the first
   * chart of a process would pay for them; {@code train} starts it while it reads the data, so that
   * it does not compete with the first epoch (docs/performance.md gives the figures). Any failure
   * here is ignored; {@link #writeAll} draws for real and reports its own.
   */
  public static void warmUpInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                // PNGs are encoded in memory: with ImageIO's default file cache each encoding
                // opens a temporary file that a JVM shutdown hook closes, and a SIGTERM during
                // this warm-up then printed that hook's stack trace
                ImageIO.setUseCache(false);
                List<MetricsLog.Row> rows = new ArrayList<>();
                for (int i = 1; i <= 50; i++) {
                  rows.add(new MetricsLog.Row(100L * i, 1 + i / 10, 2.0 / i, 0.5 + i / 200.0));
                }
                BitmapEncoder.getBitmapBytes(LossPlot.chart(rows), BitmapEncoder.BitmapFormat.PNG);
              } catch (IOException | RuntimeException | LinkageError e) {
                // only a warm-up: the real drawing reports any problem
              }
            },
            "mnist-nn-chart-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * Writes model.npz, metrics.csv, loss.png, samples.png, weights.png, confusion.png and
   * report.html into {@code folder}; the report also shows augment.png when the folder holds one.
   * The model comes first; then weights.png and the report, the longest part, are drawn on a second
   * thread while this one writes the rest: on two cores the end of {@code train} took 0.31–0.37 s
   * instead of 0.33–0.43 (eight alternating pairs). Each file is written whole or not at all. Once
   * both threads are done, this thread's failure is thrown with the report's attached, or the
   * report's alone.
   */
  public static void writeAll(RunFolder folder, Run run) throws IOException {
    ModelFile.save(folder.file(RunFolder.MODEL), run.net(), run.meta());
    FutureTask<Void> report =
        new FutureTask<>(
            () -> {
              writeReport(folder, run);
              return null;
            });
    new Thread(report, "mnist-nn report").start();
    Throwable failure = null;
    try {
      run.metrics().write(folder.file(RunFolder.METRICS));
      LossPlot.write(run.metrics().rows(), folder.file(RunFolder.LOSS_PLOT));
      List<String> classes = DataSet.of(run.meta()).classes();
      SamplesPlot.write(
          run.data().test(), run.testResult(), classes, folder.file(RunFolder.SAMPLES));
      ConfusionPlot.write(run.testResult().confusion(), classes, folder.file(RunFolder.CONFUSION));
    } catch (Throwable e) { // rethrown below, once the report's thread is done too
      failure = e;
    }
    Throwable reportFailure = Await.failure(report);
    if (failure == null) {
      failure = reportFailure;
    } else if (reportFailure != null) {
      failure.addSuppressed(reportFailure);
    }
    if (failure != null) {
      rethrow(failure);
    }
  }

  /** weights.png and report.html. */
  private static void writeReport(RunFolder folder, Run run) throws IOException {
    byte[] weights = DigitImages.png(WeightsPlot.draw(run.net()));
    AtomicFiles.write(folder.file(RunFolder.WEIGHTS), weights);
    Path augment = folder.file(RunFolder.AUGMENT);
    byte[] augmentPng = Files.isRegularFile(augment) ? Files.readAllBytes(augment) : null;
    AtomicFiles.write(
        folder.file(RunFolder.REPORT),
        HtmlReport.render(run, weights, augmentPng).getBytes(StandardCharsets.UTF_8));
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
