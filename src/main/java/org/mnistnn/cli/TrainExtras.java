package org.mnistnn.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mnistnn.augment.AugmentSpec;
import org.mnistnn.augment.Augmenter;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.model.ModelFile;
import org.mnistnn.plots.AugmentPlot;
import org.mnistnn.report.RunFolder;
import org.mnistnn.training.Init;
import org.mnistnn.training.LrSchedule;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.TrainOptions;
import org.mnistnn.training.ValidationMonitor;
import org.mnistnn.util.MemoryBudget;
import org.mnistnn.util.UserException;
import picocli.CommandLine;

/**
 * The parts of {@code train} that the extra options add: the validation split, the lines and files
 * about model selection, and {@code augment.png}. Kept apart so {@link TrainCommand} stays short.
 */
final class TrainExtras {
  /** The extra run-folder files. */
  static final String VALIDATION_CSV = "validation.csv";

  private TrainExtras() {}

  /**
   * Refuses, as bad usage, a {@code --hidden} that differs from the shape of the model being
   * resumed ({@code saved}, null when not resuming), and an {@code --init} other than the one its
   * meta records: the model's weights win, and silently training another size, or from other
   * starting weights, than the ones asked for would mislead.
   */
  static void refuseShapeConflicts(
      CommandLine cl, ModelFile.Saved saved, Path resume, int hidden, Init init) {
    if (saved == null) {
      return;
    }
    CommandLine.ParseResult pr = cl.getParseResult();
    if (pr.hasMatchedOption("--hidden") && hidden != saved.net().hidden) {
      throw new CommandLine.ParameterException(
          cl,
          "--hidden "
              + hidden
              + " conflicts with "
              + resume
              + ", which has "
              + saved.net().hidden
              + " hidden units; leave --hidden out to resume it, or train a new model without"
              + " --resume");
    }
    JsonElement was = saved.meta().get("init");
    String recorded = was != null && was.isJsonPrimitive() ? was.getAsString() : null;
    if (pr.hasMatchedOption("--init") && !init.toString().equals(recorded)) {
      throw new CommandLine.ParameterException(
          cl,
          "--init "
              + init
              + " conflicts with "
              + resume
              + (recorded == null
                  ? ", whose weights are trained on as they are"
                  : ", whose weights started from --init " + recorded + " and are trained on")
              + "; leave --init out to resume it, or train a new model without --resume");
    }
  }

  /**
   * Refuses, as bad usage, resuming a model or checkpoint ({@code saved}, null when not resuming)
   * on data other than the data its meta records, unless {@code --new-data} says it is meant: a
   * digit model resumed on Fashion-MNIST is far more often a wrong {@code --data} than fine-tuning.
   * Models saved before meta recorded a data set are resumed as before.
   *
   * @return the note to print when {@code --new-data} lets such a resume go ahead, else null
   */
  static String refuseDataConflicts(
      CommandLine cl, ModelFile.Saved saved, Path resume, DataSet used, boolean newData) {
    if (saved == null || !saved.meta().has("dataset")) {
      return null;
    }
    DataSet trained = DataSet.of(saved.meta());
    if (trained.sameFiles(used)) {
      return null;
    }
    String what = resume + " was trained on " + trained.label();
    if (newData) {
      return "note: " + what + "; going on training it on " + used.label() + " (--new-data)";
    }
    throw new CommandLine.ParameterException(
        cl,
        what
            + ", but these data are "
            + used.label()
            + "; give the --data it was trained on, or add --new-data to go on training it on"
            + " these");
  }

  /** "1 epoch", "15 epochs". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /**
   * The value of {@code option} as the user typed it ({@code 1e-4} stays 1e-4, not Java's 1.0E-4),
   * or its default as the option declares it.
   */
  static String asWritten(CommandLine cl, String option) {
    CommandLine.ParseResult pr = cl.getParseResult();
    CommandLine.Model.OptionSpec o = cl.getCommandSpec().findOption(option);
    if (pr.hasMatchedOption(option)) {
      List<String> values = pr.matchedOption(option).originalStringValues();
      if (!values.isEmpty()) {
        return values.get(values.size() - 1);
      }
    }
    return o.defaultValue();
  }

  /** The data to train on: all training images but the last {@code validation}. */
  static MnistData trainingPart(MnistData all, int validation) {
    if (validation == 0) {
      return all;
    }
    MnistDataset train = all.train();
    return new MnistData(train.slice(0, train.count() - validation), all.test());
  }

  /** The last {@code validation} training images. */
  static MnistDataset heldOut(MnistData all, int validation) {
    MnistDataset train = all.train();
    return train.slice(train.count() - validation, train.count());
  }

  /**
   * Refuses, before anything is allocated, a run whose arrays this JVM's heap cannot hold ({@link
   * MemoryBudget}), and a resumed model with more hidden units than {@code --hidden} allows.
   */
  static void checkMemory(
      TrainOptions o, int hidden, int batchSize, MnistData data, boolean serve, Object resume) {
    if (hidden > MAX_HIDDEN) {
      throw new UserException(
          resume
              + ": the model has "
              + hidden
              + " hidden units, more than train takes (--hidden up to "
              + MAX_HIDDEN
              + ")");
    }
    MnistDataset train = data.train();
    MnistDataset test = data.test();
    new MemoryBudget.Training(
            train.pixels(),
            hidden,
            10,
            batchSize,
            o.momentum() > 0 ? 1 : 0,
            o.validation() > 0,
            serve,
            o.augment().kind() != AugmentSpec.Kind.NONE,
            (long) train.count() * train.pixels(),
            train.nonZeroPixels(),
            (long) test.count() * test.pixels(),
            test.nonZeroPixels(),
            test.count())
        .check();
  }

  /** The largest --hidden. */
  static final int MAX_HIDDEN = 16_384;

  /** One line naming the options that differ from the notebook's (nothing when none do). */
  static void describeOptions(TrainOptions o, PrintWriter err) {
    List<String> parts = new ArrayList<>();
    TrainOptions n = TrainOptions.NOTEBOOK;
    if (o.init() != n.init()) {
      parts.add("init " + o.init());
    }
    if (o.momentum() > 0) {
      parts.add((o.nesterov() ? "nesterov momentum " : "momentum ") + o.momentum());
    }
    if (o.schedule() != LrSchedule.Kind.CONSTANT || o.warmup() > 0) {
      String s = "lr schedule " + o.schedule();
      if (o.schedule() == LrSchedule.Kind.STEP) {
        s += " (×" + o.stepGamma() + " every " + o.stepEvery() + " epochs)";
      }
      parts.add(o.warmup() > 0 ? s + ", warm-up " + o.warmup() + " steps" : s);
    }
    if (o.validation() > 0) {
      parts.add(
          "validation on the last "
              + o.validation()
              + " training images"
              + (o.patience() > 0 ? ", early stopping after " + o.patience() + " epochs" : ""));
    }
    if (o.augment().kind() != AugmentSpec.Kind.NONE) {
      parts.add("augment " + o.augment().create(28, 28).describe());
    }
    if (!parts.isEmpty()) {
      err.println("options: " + String.join("; ", parts));
    }
  }

  /** Adds the model-selection facts to the model's metadata. */
  static void describe(ValidationMonitor v, JsonObject meta) {
    if (v != null && v.best() != null) {
      meta.addProperty("selected_epoch", v.bestEpoch());
      meta.addProperty("validation_accuracy", v.bestAccuracy());
      meta.addProperty("stopped_early", v.stoppedEarly());
    }
  }

  /** validation.csv and augment.png, where they apply. */
  static void writeOutputs(ValidationMonitor v, TrainConfig config, MnistData data, RunFolder run)
      throws IOException {
    if (v != null) {
      v.write(run.file(VALIDATION_CSV));
    }
    MnistDataset train = data.train();
    Augmenter a = config.options().augment().create(train.rows(), train.cols());
    if (a != null) {
      int[] images = {0, 1, 2, 3, 4};
      AugmentPlot.write(train, images, a, config.seed(), 7, run.file(RunFolder.AUGMENT));
    } else {
      // a reused run folder must not show an earlier run's augmentation in this run's report
      Files.deleteIfExists(run.file(RunFolder.AUGMENT));
    }
  }

  /** The validation line printed before the final test-accuracy line. */
  static void printSummary(ValidationMonitor v, PrintWriter out) {
    if (v != null && v.best() != null) {
      List<ValidationMonitor.Epoch> epochs = v.epochs();
      out.println(
          String.format(
              Locale.ROOT,
              "validation accuracy: %.4f (model of epoch %d selected out of %d%s)",
              v.bestAccuracy(),
              v.bestEpoch(),
              epochs.get(epochs.size() - 1).epoch(),
              v.stoppedEarly() ? "; stopped early" : ""));
    }
  }
}
