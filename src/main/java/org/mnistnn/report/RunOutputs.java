package org.mnistnn.report;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mnistnn.data.MnistData;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.model.ModelFile;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.plots.ConfusionPlot;
import org.mnistnn.plots.DigitImages;
import org.mnistnn.plots.LossPlot;
import org.mnistnn.plots.SamplesPlot;
import org.mnistnn.plots.WeightsPlot;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.util.AtomicFiles;

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
   * Writes model.npz, metrics.csv, loss.png, samples.png, weights.png, confusion.png and
   * report.html into {@code folder}; the report also shows augment.png when the folder holds one.
   */
  public static void writeAll(RunFolder folder, Run run) throws IOException {
    ModelFile.save(folder.file(RunFolder.MODEL), run.net(), run.meta());
    run.metrics().write(folder.file(RunFolder.METRICS));
    LossPlot.write(run.metrics().rows(), folder.file(RunFolder.LOSS_PLOT));
    SamplesPlot.write(run.data().test(), run.testResult(), folder.file(RunFolder.SAMPLES));
    byte[] weights = DigitImages.png(WeightsPlot.draw(run.net()));
    AtomicFiles.write(folder.file(RunFolder.WEIGHTS), weights);
    ConfusionPlot.write(run.testResult().confusion(), folder.file(RunFolder.CONFUSION));
    Path augment = folder.file(RunFolder.AUGMENT);
    byte[] augmentPng = Files.isRegularFile(augment) ? Files.readAllBytes(augment) : null;
    AtomicFiles.write(
        folder.file(RunFolder.REPORT),
        HtmlReport.render(run, weights, augmentPng).getBytes(StandardCharsets.UTF_8));
  }
}
