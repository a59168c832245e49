package org.mnistnn.cli;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.MnistLoader;
import org.mnistnn.engine.FastForward;
import org.mnistnn.engine.KernelChoice;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.Training;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.training.Engine;
import org.mnistnn.training.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: the fast engine's training and inference speed on this machine, measured the way
 * {@code train} runs (the same batches, the same steps) but without the evaluations between steps.
 * Untimed epochs warm the JIT up first, until one is no longer 10% faster than the fastest before
 * and no compilation finished while it or the one before ran (on two cores a compilation takes the
 * core that the evaluation's second half and a large batch's second half run on); the figures are
 * medians of the timed repetitions.
 *
 * <p>FLOP count of one training image (forward + backward, D = 784, H = 100, C = 10):
 *
 * <pre>
 * forward   x·W1: 2·D·H     h1·W2: 2·H·C
 * backward  xᵀ·dz1: 2·D·H   h1ᵀ·dz2: 2·H·C   dz2·W2ᵀ: 2·H·C   (no dx for the input layer)
 * total     2·(2·D·H + 3·H·C) = 319,600 FLOP, 19.2 GFLOP per epoch of 60,000 images
 * </pre>
 *
 * The engine skips zero pixels (about 81% of MNIST's), so the dense count over the time is a
 * dense-equivalent rate, not compute speed; the report also gives the FLOP really done.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Training and inference speed of the fast engine on this machine: seconds per epoch,"
          + " images/s and GFLOP/s for batch sizes 16, 128 and 1024, the time to classify the"
          + " 10,000 test images and one image, and the machine's FMA peak measured in the same"
          + " run.",
      "Uses real MNIST when it is found (--data, $MNIST_DATA, the cache), else synthetic data."
    })
public final class BenchCommand implements Callable<Integer> {
  static final int D = 784;
  static final int H = TrainConfig.DEFAULT_HIDDEN;
  static final int C = 10;
  static final int EPOCH_IMAGES = 60_000;

  /** The most untimed epochs before the timed ones of a batch size. */
  static final int MAX_WARM_UPS = 12;

  /**
   * A warm-up epoch slower than this fraction of the fastest before ends the warm-ups, if no
   * compilation finished during it or the one before.
   */
  static final double SETTLED = 0.9;

  /** Untimed test-set passes per group of the inference warm-up. */
  static final int EVAL_WARM_UP_GROUP = 5;

  /** The fewest groups of untimed test-set passes. */
  static final int MIN_EVAL_WARM_UP_GROUPS = 6;

  /** The most groups of untimed test-set passes. */
  static final int MAX_EVAL_WARM_UP_GROUPS = 24;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(
      names = "--reps",
      paramLabel = "N",
      defaultValue = "5",
      description = "Timed repetitions per measurement (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(
      names = "--batch-sizes",
      paramLabel = "N,N,...",
      split = ",",
      defaultValue = "16,128,1024",
      description = "Batch sizes to time (default: ${DEFAULT-VALUE}).")
  int[] batchSizes;

  @Option(
      names = "--images",
      paramLabel = "N",
      defaultValue = "60000",
      description =
          "Training images timed per repetition; the time is scaled to 60,000 (default:"
              + " ${DEFAULT-VALUE}, a whole epoch).")
  int images;

  @Option(names = "--synthetic", description = "Use synthetic data even when MNIST is present.")
  boolean synthetic;

  @Mixin DataOptions dataOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String[] source = new String[1];
    MnistData data = loadData(source, err);
    if (!json) {
      out.println("mnist-nn bench: " + D + "-" + H + "-" + C + ", lr 0.02, reg 1e-4; " + source[0]);
      out.println("kernels: " + KernelChoice.describe());
      out.println("JVM: " + BenchReport.jvm() + "; CPU: " + BenchReport.cpu());
      out.flush();
    }
    List<BenchReport.Training> training = new ArrayList<>();
    for (int bs : batchSizes) {
      training.add(timeTraining(data.train(), bs));
    }
    BenchReport.Inference inference = timeInference(data);
    BenchReport.Peak peak = BenchPeak.measure(reps);
    BenchReport report =
        new BenchReport(source[0], density(data.train()), reps, images, training, inference, peak);
    if (json) {
      out.println(new GsonBuilder().setPrettyPrinting().create().toJson(report.toJson()));
    } else {
      report.printTable(out);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    if (reps < 1 || reps > 1000) {
      throw new CommandLine.ParameterException(
          cl, "--reps must be between 1 and 1000, got " + reps);
    }
    if (images < 1 || images > EPOCH_IMAGES) {
      throw new CommandLine.ParameterException(
          cl, "--images must be between 1 and 60000, got " + images);
    }
    if (batchSizes.length == 0) {
      throw new CommandLine.ParameterException(cl, "--batch-sizes needs at least one size");
    }
    for (int bs : batchSizes) {
      if (bs < 1 || bs > images) {
        throw new CommandLine.ParameterException(
            cl, "--batch-sizes must be between 1 and --images (" + images + "), got " + bs);
      }
    }
  }

  /** Real MNIST through the usual look-up, else synthetic images (with the reason in source). */
  private MnistData loadData(String[] source, PrintWriter err) {
    if (!synthetic) {
      Path dir = DataLocator.choose(dataOptions.data, msg -> {});
      if (MnistLoader.isComplete(dir)) {
        source[0] = "real MNIST from " + dir;
        return MnistLoader.load(dir);
      }
      err.println("note: no MNIST in " + dir + "; timing synthetic images instead");
      err.flush();
    }
    source[0] = "synthetic images (19% non-zero pixels, like MNIST)";
    return new MnistData(syntheticSet(EPOCH_IMAGES, 1), syntheticSet(10_000, 2));
  }

  /**
   * Random 28×28 images with the sparsity of MNIST: the engine skips zero pixels, so dense random
   * images would time a different workload.
   */
  static MnistDataset syntheticSet(int count, long seed) {
    Random rng = new Random(seed);
    byte[] img = new byte[count * D];
    byte[] lab = new byte[count];
    for (int i = 0; i < img.length; i++) {
      if (rng.nextFloat() < 0.19f) {
        img[i] = (byte) (1 + rng.nextInt(255));
      }
    }
    for (int i = 0; i < count; i++) {
      lab[i] = (byte) rng.nextInt(C);
    }
    return new MnistDataset(img, lab, count, 28, 28);
  }

  /** The fraction of non-zero pixels over a whole dataset. */
  static double density(MnistDataset set) {
    long nonZero = 0;
    int d = set.pixels();
    for (int i = 0; i < set.count(); i++) {
      for (int p = 0; p < d; p++) {
        nonZero += set.pixel(i, p) != 0 ? 1 : 0;
      }
    }
    return set.count() == 0 ? 0 : (double) nonZero / ((long) set.count() * d);
  }

  /**
   * Milliseconds the JIT has spent compiling in this process, or 0 when the JVM does not tell (then
   * the warm-ups end on their times alone).
   */
  static long compileMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  private BenchReport.Training timeTraining(MnistDataset train, int bs) {
    TwoLayerNet net = TwoLayerNet.initialised(D, H, C, new Random(1));
    TrainConfig cfg =
        new TrainConfig(
            1,
            bs,
            TrainConfig.DEFAULT_LR,
            TrainConfig.DEFAULT_REG,
            true,
            H,
            1,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE);
    Step step = Engine.FAST.create(net, cfg);
    int warmUps = 0;
    double previous = Double.POSITIVE_INFINITY;
    boolean quietBefore = false;
    while (warmUps < MAX_WARM_UPS) {
      long compiled = compileMillis();
      long t0 = System.nanoTime();
      runImages(train, step, bs, warmUps);
      warmUps++;
      double t = (System.nanoTime() - t0) / 1e9;
      // a compilation counts once it has finished: two quiet epochs in a row, so that one that
      // began in the last is not still running in the timed ones
      boolean quiet = compileMillis() == compiled;
      if (t > SETTLED * previous && quiet && quietBefore) {
        break;
      }
      quietBefore = quiet;
      previous = Math.min(previous, t);
    }
    double[] seconds = new double[reps];
    double loss = 0;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      loss = runImages(train, step, bs, warmUps + r);
      seconds[r] = (System.nanoTime() - t0) / 1e9 * EPOCH_IMAGES / images;
    }
    return new BenchReport.Training(bs, seconds, loss, warmUps);
  }

  /**
   * Trains on {@code images} images (whole batches, in epoch {@code epoch}'s shuffled order) as
   * {@code train} does, and returns the mean loss of the steps, which also keeps the JIT from
   * discarding the work.
   */
  private double runImages(MnistDataset train, Step step, int bs, int epoch) {
    int[] order = Training.shuffle(train.count(), 1, epoch);
    double sum = 0;
    int steps = 0;
    for (int from = 0; from + bs <= images; from += bs) {
      sum += step.take(train, order, from, bs, TrainConfig.DEFAULT_LR);
      steps++;
    }
    return sum / Math.max(1, steps);
  }

  private BenchReport.Inference timeInference(MnistData data) {
    TwoLayerNet net = TwoLayerNet.initialised(D, H, C, new Random(2));
    int rounds = Math.max(reps, 10);
    // untimed passes in groups, as the warm-up epochs of training: at least MIN groups (the passes'
    // own code was still being compiled after 15 to 20 of them), then until a group's median is no
    // longer 10% faster than the fastest before and no compilation finished during it or the group
    // before (while the JIT compiles, the passes' second half often waits for the other core)
    double previous = Double.POSITIVE_INFINITY;
    boolean quietBefore = false;
    double[] group = new double[EVAL_WARM_UP_GROUP];
    for (int g = 0; g < MAX_EVAL_WARM_UP_GROUPS; g++) {
      long compiled = compileMillis();
      for (int w = 0; w < group.length; w++) {
        long t0 = System.nanoTime();
        Evaluator.accuracy(net, data.test());
        group[w] = (System.nanoTime() - t0) / 1e6;
      }
      double m = median(group);
      boolean quiet = compileMillis() == compiled;
      if (g + 1 >= MIN_EVAL_WARM_UP_GROUPS && m > SETTLED * previous && quiet && quietBefore) {
        break;
      }
      quietBefore = quiet;
      previous = Math.min(previous, m);
    }
    double[] testMs = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      Evaluator.accuracy(net, data.test());
      testMs[r] = (System.nanoTime() - t0) / 1e6;
    }
    FastForward one = FastForward.of(net);
    float[] x = new float[D];
    int[] y = new int[1];
    float[] probs = new float[C];
    int n = Math.min(1000, data.test().count());
    double[] us = new double[rounds];
    for (int r = -3; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        data.test().copyBatch(null, i, 1, x, y);
        one.probabilities(x, 1, probs, 0);
      }
      if (r >= 0) {
        us[r] = (System.nanoTime() - t0) / 1e3 / n;
      }
    }
    return new BenchReport.Inference(data.test().count(), testMs, us);
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length == 0 ? Double.NaN : s[s.length / 2];
  }

  static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
