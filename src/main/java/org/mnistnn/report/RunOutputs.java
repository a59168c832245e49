package org.mnistnn.report;

import com.google.gson.JsonObject;
import java.io.IOException;
import org.mnistnn.data.MnistData;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.model.ModelFile;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.plots.LossPlot;
import org.mnistnn.plots.SamplesPlot;
import org.mnistnn.training.MetricsLog;

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

  /** Writes model.npz, metrics.csv, loss.png and samples.png into {@code folder}. */
  public static void writeAll(RunFolder folder, Run run) throws IOException {
    ModelFile.save(folder.file(RunFolder.MODEL), run.net(), run.meta());
    run.metrics().write(folder.file(RunFolder.METRICS));
    LossPlot.write(run.metrics().rows(), folder.file(RunFolder.LOSS_PLOT));
    SamplesPlot.write(run.data().test(), run.testResult(), folder.file(RunFolder.SAMPLES));
  }
}
