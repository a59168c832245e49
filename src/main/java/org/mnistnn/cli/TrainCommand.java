package org.mnistnn.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.mnistnn.augment.AugmentSpec;
import org.mnistnn.data.MnistData;
import org.mnistnn.engine.KernelChoice;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.report.RunFolder;
import org.mnistnn.report.RunOutputs;
import org.mnistnn.training.Checkpoint;
import org.mnistnn.training.CheckpointWriter;
import org.mnistnn.training.Engine;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.training.ResumeMeta;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.TrainOptions;
import org.mnistnn.training.Trainer;
import org.mnistnn.training.ValidationMonitor;
import org.mnistnn.training.WarmUp;
import org.mnistnn.util.GracefulShutdown;
import org.mnistnn.util.UserException;
import org.mnistnn.web.WebServer;
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
      paramLabel = "N",
      defaultValue = "" + TrainConfig.DEFAULT_EPOCHS,
      description = "Passes over the 60,000 training images (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + TrainConfig.DEFAULT_BATCH,
      description = "Images per SGD step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "" + TrainConfig.DEFAULT_LR,
      description = "Learning rate (default: ${DEFAULT-VALUE}).")
  float lr;

  @Option(
      names = "--reg",
      paramLabel = "LAMBDA",
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
      paramLabel = "H",
      defaultValue = "" + TrainConfig.DEFAULT_HIDDEN,
      description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
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
      description =
          "Continue from a checkpoint.npz exactly where it stopped (same settings give the same"
              + " model as an uninterrupted run; --out defaults to its folder), or from a model.npz"
              + " for --epochs more epochs.")
  Path resume;

  @Option(
      names = "--new-data",
      description =
          "With --resume: go on training on data other than the model's own (fine-tuning on"
              + " purpose); without it such a resume is refused.")
  boolean newData;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Write checkpoint.npz into the run folder every N steps (0: only when interrupted;"
              + " default: ${DEFAULT-VALUE}). It is removed when the run finishes.")
  long checkpointEvery;

  @Option(
      names = "--engine",
      paramLabel = "fast|reference",
      defaultValue = "fast",
      description =
          "The code that computes each step: fast (default), or reference, the plain loops of"
              + " org.mnistnn.learn that docs/backprop.md explains (much slower, the same results up"
              + " to float rounding).")
  String engineName;

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

  @Mixin TrainOptionsMixin trainOptions;

  // the engine --engine names (set by validate)
  private Engine engine = Engine.FAST;

  // set when --validation holds images out: picks the saved model
  private ValidationMonitor validation;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // the locked run folder, released (and removed when left empty) when the command ends
  private RunFolder run;

  @Override
  public Integer call() throws IOException, InterruptedException {
    try {
      return train();
    } finally {
      if (run != null) {
        run.close();
      }
    }
  }

  // above this, the throw-away network of the warm-up would cost more memory than it saves time
  private static final int WARM_UP_MAX_HIDDEN = 1024;

  private Integer train() throws IOException, InterruptedException {
    validate();
    // the engine's code gets compiled on the other core while the data is read (the kernels are
    // chosen here first, so that a bad -Dmnistnn.kernels is reported on this thread)
    KernelChoice.describe();
    WarmUp warmUp =
        engine == Engine.FAST && hidden <= WARM_UP_MAX_HIDDEN
            ? WarmUp.start(
                hidden,
                new L2(reg, !noRegBiases),
                trainOptions.momentum,
                trainOptions.nesterov,
                batchSize)
            : null;
    // the charts' code too, while the data is read: started with the training, that warm-up and
    // the compilations it caused made epoch 1 about twice as long as the others on two cores
    RunOutputs.warmUpInBackground();
    PrintWriter err = spec.commandLine().getErr();
    MnistData all = dataOptions.load(msg -> err.println(msg));
    TrainOptions options =
        trainOptions.toOptions(spec.commandLine(), all.train().count(), batchSize);
    MnistData data = TrainExtras.trainingPart(all, options.validation());
    ModelFile.Saved saved = resume == null ? null : ModelFile.load(resume);
    TrainExtras.refuseShapeConflicts(spec.commandLine(), saved, resume, hidden, options.init());
    String dataNote =
        TrainExtras.refuseDataConflicts(
            spec.commandLine(), saved, resume, dataOptions.dataSet(), newData);
    if (dataNote != null) {
      err.println(dataNote);
    }
    Checkpoint checkpoint =
        saved != null && Checkpoint.isCheckpoint(saved)
            ? Checkpoint.of(saved, resume.toString())
            : null;
    Path outDir = this.out;
    if (outDir == null) {
      outDir = checkpoint != null ? resume.toAbsolutePath().getParent() : RunFolder.defaultPath();
    }
    int units = saved != null ? saved.net().hidden : hidden;
    TrainExtras.checkMemory(options, units, batchSize, all, serve, resume);
    run =
        RunFolder.prepare(
            outDir, RunFolder.estimateBytes((long) (data.train().pixels() + 11) * units + 10));

    long firstStep = 0;
    int firstEpoch = 0;
    TwoLayerNet net;
    long actualSeed = seed != null ? seed : new Random().nextLong() & 0xFFFFFFFFL;
    if (resume != null) {
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
      ResumeMeta meta = ResumeMeta.of(saved.meta(), resume.toString());
      firstStep = meta.iteration();
      firstEpoch = meta.epochsDone();
      if (seed == null && meta.seed() != null) {
        actualSeed = meta.seed();
      }
      hidden = net.hidden;
      if (checkpoint != null) {
        firstStep = checkpoint.step();
        firstEpoch = checkpoint.firstEpoch();
        err.println(
            "resuming checkpoint "
                + resume
                + " at step "
                + firstStep
                + " (epoch "
                + (checkpoint.epoch() + 1)
                + ", batch "
                + checkpoint.batch()
                + ")");
      } else {
        err.println("resuming " + resume + " at step " + firstStep + " (epoch " + firstEpoch + ")");
      }
    } else {
      net = options.init().create(data.train().pixels(), hidden, 10, actualSeed);
    }
    TrainConfig config =
        new TrainConfig(
            epochs,
            batchSize,
            lr,
            reg,
            !noRegBiases,
            hidden,
            actualSeed,
            trainOptions.evalEvery(),
            10,
            options);
    err.println(
        String.format(
            Locale.ROOT,
            "training %d-%d-10 for %s, batch %d, lr %s, reg %s, seed %d; %s",
            net.inputs,
            hidden,
            TrainExtras.count(epochs, "epoch"),
            batchSize,
            TrainExtras.asWritten(spec.commandLine(), "--lr"),
            TrainExtras.asWritten(spec.commandLine(), "--reg"),
            actualSeed,
            engine == Engine.FAST
                ? "engine fast, " + KernelChoice.describe()
                : "engine reference (plain loops)"));
    TrainExtras.describeOptions(options, err);

    if (warmUp != null) {
      // the lists of inked pixels the engine reads, made now instead of in the first epoch
      if (options.augment().kind() == AugmentSpec.Kind.NONE) {
        data.train().inked();
      }
      data.test().inked();
      warmUp.await();
    }
    Trainer trainer = new Trainer(config, net, firstStep, engine);
    MetricsLog metrics = new MetricsLog(config.logEvery());
    trainer.addListener(metrics);
    if (options.validation() > 0) {
      validation =
          new ValidationMonitor(
              trainer, TrainExtras.heldOut(all, options.validation()), options.patience());
      if (!quiet) {
        validation.setLog(
            line -> {
              err.println(line);
              err.flush();
            });
      }
      trainer.addListener(validation);
    }
    if (checkpoint != null) {
      noteDifferences(checkpoint, config, err);
      checkpoint.restore(trainer, metrics, validation, resume.toString());
    }
    if (!quiet) {
      trainer.addListener(Progress.create(err));
    }
    CheckpointWriter checkpoints =
        new CheckpointWriter(run.file(Checkpoint.FILE), config, firstEpoch, metrics);
    checkpoints.setValidation(validation);
    checkpoints.setDataSet(dataOptions.dataSet());
    trainer.setCheckpointer(checkpoints, checkpointEvery);
    // Ctrl-C or SIGTERM: finish the step, write the checkpoint, print how to resume, then exit
    try (WebServer web =
        serve
            ? ServeCommand.startLive(
                server, trainer, net, data.test(), dataOptions.dataSet().classes(), err)
            : null) {
      int code;
      GracefulShutdown guard = GracefulShutdown.install(trainer::requestStop, SHUTDOWN_BOUND);
      try {
        code = trainAndWrite(trainer, metrics, checkpoints, config, data, run, firstEpoch);
      } finally {
        guard.close();
      }
      if (web != null && code == Main.EXIT_OK) {
        ServeCommand.keepServing(web, err); // after the guard, so Ctrl+C simply ends the process
      }
      return code;
    }
  }

  /** How long a signal waits for the checkpoint (or the final outputs) to be written. */
  private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(60);

  private int trainAndWrite(
      Trainer trainer,
      MetricsLog metrics,
      CheckpointWriter checkpoints,
      TrainConfig config,
      MnistData data,
      RunFolder run,
      int firstEpoch)
      throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TwoLayerNet net = trainer.net();
    long t0 = System.nanoTime();
    try {
      trainer.train(data.train(), data.test(), firstEpoch);
    } catch (Trainer.DivergedException e) {
      throw new UserException(e.getMessage() + keptCheckpoint(checkpoints), e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (trainer.stopped()) {
      err.println(interruptedLine(trainer, checkpoints, config, data));
      err.flush();
      return Main.EXIT_INTERRUPTED;
    }

    if (validation != null) {
      validation.restoreBest(net);
    }
    Evaluator.Result result = Evaluator.evaluate(net, data.test());
    JsonObject meta = config.toJson();
    TrainExtras.describe(validation, meta);
    meta.addProperty("engine", engine.toString());
    meta.addProperty("iteration", trainer.step());
    meta.addProperty("epochs_done", firstEpoch + config.epochs());
    meta.addProperty("test_accuracy", result.accuracy());
    meta.addProperty("train_seconds", seconds);
    meta.add("dataset", dataOptions.dataSet().toJson());
    // before writeAll, so that the report can show augment.png
    TrainExtras.writeOutputs(validation, config, data, run);
    FinalWrite.writeAll(
        run, new RunOutputs.Run(net, meta, metrics, result, data, seconds), checkpoints);
    // the finished model supersedes the checkpoint, which would only restart finished work
    Files.deleteIfExists(checkpoints.file());

    double[] perEpoch = metrics.epochSeconds();
    java.util.Arrays.sort(perEpoch);
    double median = perEpoch.length == 0 ? Double.NaN : perEpoch[perEpoch.length / 2];
    out.println("run folder: " + run.dir());
    out.println(
        String.format(
            Locale.ROOT,
            "trained %s in %.1f s (median %.2f s per epoch)",
            TrainExtras.count(config.epochs(), "epoch"),
            seconds,
            median));
    TrainExtras.printSummary(validation, out);
    out.println(String.format(Locale.ROOT, "test accuracy: %.4f", result.accuracy()));
    out.flush();
    return Main.EXIT_OK;
  }

  /** Notes settings that differ from the checkpoint's; a different batch size cannot resume. */
  private static void noteDifferences(Checkpoint c, TrainConfig config, PrintWriter err) {
    List<String> diffs = c.differences(config);
    if (diffs.stream().anyMatch(d -> d.startsWith("batch_size "))) {
      throw new UserException(
          "the checkpoint was made with --batch-size "
              + c.settings().get("batch_size")
              + " and its position is counted in those batches; resume with the same --batch-size");
    }
    refuseMomentumSwitch(c, config);
    if (!diffs.isEmpty()) {
      err.println(
          "note: resuming with settings that differ from the checkpoint's ("
              + String.join(", ", diffs)
              + "); the result will differ from the uninterrupted run");
    }
  }

  /**
   * Momentum switched on or off cannot resume a checkpoint: it holds velocities exactly when it was
   * made with momentum. Between two non-zero values the velocities carry over.
   */
  private static void refuseMomentumSwitch(Checkpoint c, TrainConfig config) {
    com.google.gson.JsonElement e = c.settings().get("momentum");
    float was = e != null && e.isJsonPrimitive() ? e.getAsFloat() : 0f;
    float now = config.options().momentum();
    if ((was > 0) == (now > 0)) {
      return;
    }
    throw new UserException(
        was > 0
            ? "the checkpoint was made with --momentum "
                + TrainConfig.formatNumber(was)
                + " and holds its velocities; resume with a --momentum above 0"
            : "the checkpoint was made without momentum and holds no velocities for --momentum "
                + TrainConfig.formatNumber(now)
                + "; resume it without --momentum, or start a new run with it");
  }

  private static String keptCheckpoint(CheckpointWriter checkpoints) {
    return checkpoints.savedStep() < 0
        ? ""
        : "; the last good checkpoint (step "
            + checkpoints.savedStep()
            + ") is kept in "
            + checkpoints.file();
  }

  /** The one line printed after an interruption: where training stopped and how to go on. */
  private String interruptedLine(
      Trainer trainer, CheckpointWriter checkpoints, TrainConfig config, MnistData data) {
    int stepsPerEpoch = (data.train().count() + config.batchSize() - 1) / config.batchSize();
    return String.format(
        Locale.ROOT,
        "interrupted after step %d (epoch %d, batch %d of %d); checkpoint saved to %s; resume"
            + " with: %s",
        trainer.step(),
        trainer.epoch() + 1,
        trainer.batch(),
        stepsPerEpoch,
        checkpoints.file(),
        resumeCommand(checkpoints.file(), config.seed()));
  }

  /** This command line again, with the seed and folder made explicit and --resume added. */
  private String resumeCommand(Path checkpointFile, long actualSeed) {
    List<String> words = new ArrayList<>(List.of("./mnist-nn", "train"));
    for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      String name = o.longestName();
      if (name.equals("--resume") || name.equals("--out") || name.equals("--seed")) {
        continue;
      }
      words.add(name);
      words.addAll(o.arity().max() == 0 ? List.of() : o.originalStringValues());
    }
    words.addAll(
        List.of(
            "--seed",
            Long.toString(actualSeed),
            "--out",
            checkpointFile.getParent().toString(),
            "--resume",
            checkpointFile.toString()));
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      sb.append(sb.length() == 0 ? "" : " ")
          .append(w.matches("[A-Za-z0-9_./=:,+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    server.validate(cl);
    if (out != null && out.toString().isBlank()) {
      throw new CommandLine.ParameterException(
          cl, "--out must name a folder, got an empty path; leave it out for runs/<timestamp>");
    }
    engine =
        switch (engineName.toLowerCase(Locale.ROOT)) {
          case "fast" -> Engine.FAST;
          case "reference" -> Engine.REFERENCE;
          default ->
              throw new CommandLine.ParameterException(
                  cl, "--engine must be fast or reference, got '" + engineName + "'");
        };
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
    if (newData && resume == null) {
      throw new CommandLine.ParameterException(
          cl, "--new-data applies to --resume only; leave it out when training a new model");
    }
    if (checkpointEvery < 0) {
      throw new CommandLine.ParameterException(
          cl, "--checkpoint-every must be 0 (off) or a number of steps, got " + checkpointEvery);
    }
    if (hidden < 1 || hidden > 16_384) {
      throw new CommandLine.ParameterException(
          cl, "--hidden must be between 1 and 16384, got " + hidden);
    }
  }
}
