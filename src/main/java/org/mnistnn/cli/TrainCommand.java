package org.mnistnn.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.mnistnn.data.MnistData;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.model.ModelFile;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.report.RunFolder;
import org.mnistnn.report.RunOutputs;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;
import org.mnistnn.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: trains the network and writes the run folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the two-layer network on MNIST and write a run folder with model.npz,"
          + " metrics.csv, loss.png, samples.png and report.html.",
      "The last line printed is `test accuracy: 0.xxxx`."
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--epochs",
      defaultValue = "" + TrainConfig.DEFAULT_EPOCHS,
      description = "Passes over the 60,000 training images (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "" + TrainConfig.DEFAULT_BATCH,
      description = "Images per SGD step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      defaultValue = "" + TrainConfig.DEFAULT_LR,
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(
      names = "--reg",
      defaultValue = "1e-4",
      description = "L2 strength λ in ½·λ·Σθ² (default: ${DEFAULT-VALUE}).")
  float reg;

  @Option(
      names = "--no-reg-biases",
      description =
          "Leave the biases out of the L2 penalty (the notebook regularises them; default: they"
              + " are regularised).")
  boolean noRegBiases;

  @Option(
      names = "--hidden",
      defaultValue = "" + TrainConfig.DEFAULT_HIDDEN,
      description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--seed",
      description =
          "Seed for initialisation and shuffling; the same seed gives the same model"
              + " (default: random, printed).")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/<timestamp>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "MODEL",
      description = "Continue training from a saved model.npz for --epochs more epochs.")
  Path resume;

  @Option(names = "--quiet", description = "No progress bar or progress lines; only the summary.")
  boolean quiet;

  @Mixin DataOptions dataOptions;

  @Option(
      names = "--serve",
      description =
          "Watch the run on a local page: loss and accuracy curves as they grow, and the draw"
              + " canvas on the latest weights; the page stays up after training until Ctrl+C.")
  boolean serve;

  @Mixin ServeCommand.ServerOptions server;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MnistData data = dataOptions.load(msg -> err.println(msg));
    RunFolder run = RunFolder.prepare(this.out == null ? RunFolder.defaultPath() : this.out);

    long firstStep = 0;
    int firstEpoch = 0;
    TwoLayerNet net;
    long actualSeed = seed != null ? seed : new Random().nextLong() & 0xFFFFFFFFL;
    if (resume != null) {
      ModelFile.Saved saved = ModelFile.load(resume);
      net = saved.net();
      if (net.inputs != data.train().pixels() || net.classes != 10) {
        throw new UserException(
            resume
                + ": the model is "
                + net.inputs
                + "-"
                + net.hidden
                + "-"
                + net.classes
                + " but the data needs "
                + data.train().pixels()
                + " inputs and 10 classes");
      }
      JsonObject meta = saved.meta();
      firstStep = meta.has("iteration") ? meta.get("iteration").getAsLong() : 0;
      firstEpoch = meta.has("epochs_done") ? meta.get("epochs_done").getAsInt() : 0;
      if (seed == null && meta.has("seed")) {
        actualSeed = meta.get("seed").getAsLong();
      }
      hidden = net.hidden;
      err.println("resuming " + resume + " at step " + firstStep + " (epoch " + firstEpoch + ")");
    } else {
      net = TwoLayerNet.initialised(data.train().pixels(), hidden, 10, new Random(actualSeed));
    }
    TrainConfig config =
        new TrainConfig(epochs, batchSize, lr, reg, !noRegBiases, hidden, actualSeed, 1000, 10);
    err.println(
        String.format(
            Locale.ROOT,
            "training %d-%d-10 for %d epochs, batch %d, lr %s, reg %s, seed %d; %s",
            net.inputs,
            hidden,
            epochs,
            batchSize,
            lr,
            reg,
            actualSeed,
            Kernels.describe()));

    Trainer trainer = new Trainer(config, net, firstStep);
    MetricsLog metrics = new MetricsLog(config.logEvery());
    trainer.addListener(metrics);
    if (!quiet) {
      trainer.addListener(Progress.create(err));
    }
    org.mnistnn.web.WebServer web =
        serve ? ServeCommand.startLive(server, trainer, net, data.test(), err) : null;
    long t0 = System.nanoTime();
    trainer.train(data.train(), data.test(), firstEpoch);
    double seconds = (System.nanoTime() - t0) / 1e9;

    Evaluator.Result result = Evaluator.evaluate(net, data.test());
    JsonObject meta = config.toJson();
    meta.addProperty("iteration", trainer.step());
    meta.addProperty("epochs_done", firstEpoch + epochs);
    meta.addProperty("test_accuracy", result.accuracy());
    meta.addProperty("train_seconds", seconds);
    RunOutputs.writeAll(run, new RunOutputs.Run(net, meta, metrics, result, data, seconds));

    double[] perEpoch = metrics.epochSeconds();
    java.util.Arrays.sort(perEpoch);
    double median = perEpoch.length == 0 ? Double.NaN : perEpoch[perEpoch.length / 2];
    out.println("run folder: " + run.dir());
    out.println(
        String.format(
            Locale.ROOT,
            "trained %d epochs in %.1f s (median %.2f s per epoch)",
            epochs,
            seconds,
            median));
    out.println(String.format(Locale.ROOT, "test accuracy: %.4f", result.accuracy()));
    out.flush();
    if (web != null) {
      ServeCommand.keepServing(web, err);
    }
    return Main.EXIT_OK;
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    server.validate(cl);
    if (epochs < 1 || epochs > 100_000) {
      throw new CommandLine.ParameterException(
          cl, "--epochs must be between 1 and 100000, got " + epochs);
    }
    if (batchSize < 1 || batchSize > 60_000) {
      throw new CommandLine.ParameterException(
          cl, "--batch-size must be between 1 and 60000, got " + batchSize);
    }
    if (!Float.isFinite(lr) || lr <= 0f || lr > 100f) {
      throw new CommandLine.ParameterException(
          cl, "--lr must be a positive number up to 100, got " + lr);
    }
    if (!Float.isFinite(reg) || reg < 0f || reg > 10f) {
      throw new CommandLine.ParameterException(cl, "--reg must be between 0 and 10, got " + reg);
    }
    if (hidden < 1 || hidden > 16_384) {
      throw new CommandLine.ParameterException(
          cl, "--hidden must be between 1 and 16384, got " + hidden);
    }
  }
}
