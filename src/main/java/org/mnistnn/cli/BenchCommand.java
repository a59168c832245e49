package org.mnistnn.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.MnistLoader;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.ProfilingKernels;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.training.BatchesAhead;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: training and inference speed on this machine.
 *
 * <p>For each batch size it trains the default network (784-100-10, lr 0.02, reg 1e-4) through the
 * same {@link Trainer#trainStep} that {@code train} uses, including the copy of each batch out of
 * the byte images, but without the test-set evaluations that {@code train} runs between steps.
 * Untimed epochs warm the JIT up until one is no longer much faster than the one before; the
 * figures are medians over the timed repetitions.
 *
 * <p>FLOP count of one training image (forward + backward, D = 784, H = 100, C = 10):
 *
 * <pre>
 * forward   x·W1: 2·D·H     h1·W2: 2·H·C
 * backward  xᵀ·dz1: 2·D·H   h1ᵀ·dz2: 2·H·C   dz2·W2ᵀ: 2·H·C   (no dx for the input layer)
 * total     2·(2·D·H + 3·H·C) = 319,600 FLOP, 19.2 GFLOP per epoch of 60,000 images
 * </pre>
 *
 * The element-wise work and the SGD update (3 FLOP per parameter per step) are not counted. The
 * first layer's products skip zero pixels (about 81% of MNIST's), so the dense count over the time
 * is a dense-equivalent rate, not compute speed; the report also gives the measured pixel density
 * and the FLOP the products really do ({@link BenchReport#flopDonePerImage}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Training and inference speed on this machine: seconds per epoch, images/s and GFLOP/s"
          + " (dense-equivalent, and actually done) for batch sizes 16, 128 and 1024, and the time to classify the 10,000 test"
          + " images and one image.",
      "Uses real MNIST when it is found (--data, $MNIST_DATA, the cache), else synthetic data."
    })
public final class BenchCommand implements Callable<Integer> {
  static final int D = 784;
  static final int H = TrainConfig.DEFAULT_HIDDEN;
  static final int C = 10;
  static final int EPOCH_IMAGES = 60_000;

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
      paramLabel = "N",
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

  @Option(
      names = "--profile",
      description =
          "Also time each kernel during training at --profile-batch images per step (adds ~40 ns"
              + " per call).")
  boolean profile;

  @Option(
      names = "--profile-batch",
      paramLabel = "N",
      defaultValue = "16",
      description = "Batch size of the --profile run (default: ${DEFAULT-VALUE}).")
  int profileBatch;

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
      out.println("kernels: " + Kernels.describe());
      out.println("JVM: " + BenchReport.jvm() + "; CPU: " + BenchReport.cpu());
      out.flush();
    }
    List<BenchReport.Training> training = new ArrayList<>();
    for (int bs : batchSizes) {
      training.add(timeTraining(data.train(), bs));
    }
    BenchReport.Inference inference = timeInference(data);
    List<Double> peakOne = new ArrayList<>();
    List<Double> peakAll = new ArrayList<>();
    measurePeak(peakOne, peakAll);
    BenchReport.Peak peak = new BenchReport.Peak(THREADS, toArray(peakOne), toArray(peakAll));
    Map<String, Long> profileNanos = profile ? profileKernels(data.train()) : null;
    BenchReport report =
        new BenchReport(
            source[0],
            density(data.train()),
            reps,
            images,
            training,
            inference,
            peak,
            profileBatch,
            profileNanos);
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
      throw new CommandLine.ParameterException(cl, "--reps must be 1 to 1000, got " + reps);
    }
    if (images < 1 || images > EPOCH_IMAGES * 100) {
      throw new CommandLine.ParameterException(cl, "--images must be 1 to 6000000, got " + images);
    }
    for (int bs : batchSizes) {
      if (bs < 1 || bs > EPOCH_IMAGES) {
        throw new CommandLine.ParameterException(
            cl, "--batch-sizes must each be 1 to 60000, got " + bs);
      }
    }
    if (profileBatch < 1 || profileBatch > EPOCH_IMAGES) {
      throw new CommandLine.ParameterException(
          cl, "--profile-batch must be 1 to 60000, got " + profileBatch);
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
   * Random 28×28 images with the sparsity of MNIST: the kernels skip zero pixels, so dense random
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

  private static Trainer trainer(TwoLayerNet net, int bs) {
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
    return new Trainer(cfg, net, 0);
  }

  /** The most untimed epochs before the timed ones of a batch size. */
  static final int MAX_WARM_UPS = 6;

  /**
   * A warm-up epoch that takes more than this fraction of the one before ends the warm-ups: the JIT
   * compiler has (nearly) finished.
   */
  static final double SETTLED = 0.9;

  private BenchReport.Training timeTraining(MnistDataset train, int bs) {
    TwoLayerNet net = TwoLayerNet.initialised(D, H, C, new Random(1));
    Trainer trainer = trainer(net, bs);
    boolean ahead = BatchesAhead.pays(bs);
    // warm-ups, untimed: as in train, the first without the batch helper (the JIT compiler then
    // has the second core to itself), then as timed until an epoch is no longer clearly faster
    // than the one before: with the helper, the JIT compiler finishes the paired steps' code
    // only two or three epochs later, on a core it shares
    runImages(train, trainer, net, bs, images, 0, false);
    int warmUps = 1;
    double previous = Double.POSITIVE_INFINITY;
    while (warmUps < MAX_WARM_UPS) {
      long t0 = System.nanoTime();
      runImages(train, trainer, net, bs, images, 0, ahead);
      warmUps++;
      double t = (System.nanoTime() - t0) / 1e9;
      if (t > SETTLED * previous) {
        break;
      }
      previous = t;
    }
    double[] seconds = new double[reps];
    double loss = 0;
    long helperBefore = trainer.pairedPartsOnHelper();
    long trainerBefore = trainer.pairedPartsOnTrainer();
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      loss = runImages(train, trainer, net, bs, images, r + 1, ahead);
      seconds[r] = (System.nanoTime() - t0) / 1e9 * EPOCH_IMAGES / images;
    }
    return new BenchReport.Training(
        bs,
        seconds,
        loss,
        warmUps,
        trainer.pairedPartsOnHelper() - helperBefore,
        trainer.pairedPartsOnTrainer() - trainerBefore);
  }

  /**
   * Trains on {@code count} images (whole batches, in a shuffled order) and returns the mean loss
   * of the steps, which also keeps the JIT from discarding the work. As {@code train} does it: each
   * batch's non-zero pixels copied from the images' lists made once, by a {@link BatchesAhead}
   * helper thread if {@code ahead} (else, and when the helper is behind, on this thread).
   */
  private static double runImages(
      MnistDataset train,
      Trainer trainer,
      TwoLayerNet net,
      int bs,
      int count,
      int rep,
      boolean ahead) {
    int n = train.count();
    SparseRows x = new SparseRows();
    int[] y = new int[bs];
    Activations acts = new Activations(net, bs);
    Gradients grads = new Gradients(net);
    int[] order = Trainer.shuffleOrder(n, 1, rep);
    // batch g is images order[start[g] .. start[g] + size[g])
    int batches = (count + bs - 1) / bs;
    int[] start = new int[batches];
    int[] size = new int[batches];
    int pos = 0;
    for (int g = 0; g < batches; g++) {
      size[g] = Math.min(bs, count - g * bs);
      if (pos + size[g] > n) {
        pos = 0;
      }
      start[g] = pos;
      pos += size[g];
    }
    double lossSum = 0;
    try (BatchesAhead ring =
        ahead
            ? new BatchesAhead(
                (g, xa, ya) -> {
                  if (g >= batches) {
                    return false;
                  }
                  BatchesAhead.prepare(
                      train, order, start[(int) g], size[(int) g], net.hidden, xa, ya);
                  return true;
                },
                bs,
                0)
            : null) {
      for (int g = 0; g < batches; g++) {
        SparseRows batch = ring == null ? null : ring.take(g, y);
        if (batch == null) {
          train.copyNonZeros(order, start[g], size[g], x, y);
          batch = x;
        }
        lossSum += trainer.trainStep(g, batch, y, acts, grads, ring);
      }
    }
    return lossSum / batches;
  }

  /** Untimed evaluations of the test set before the timed ones. */
  static final int EVAL_WARMUPS = 40;

  /** Threads of the all-cores peak: one per processor, as the kernels use. */
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  /** Peak measurements of each kind, after the timings. */
  static final int PEAK_RUNS = 8;

  /** Iterations of the peak loop per thread and measurement: a few milliseconds each. */
  static final int PEAK_ITERATIONS = 4_000_000;

  /**
   * Measures the FMA peak ({@link Kernels#peakGflops}) on one core and on all, {@link #PEAK_RUNS}
   * times each, alternating. The report divides by the best of them: a shared machine's speed
   * changes within seconds, and the best one is the conservative choice, the one that gives the
   * lowest percentage.
   *
   * <p>Only after the timings: measured before them, before the JIT had compiled the kernels, it
   * could leave the kernels compiled in a slow form for the whole run (docs/performance.md, "JIT
   * traps").
   */
  private static void measurePeak(List<Double> one, List<Double> all) {
    for (int r = 0; r < PEAK_RUNS; r++) {
      one.add(Kernels.peakGflops(1, PEAK_ITERATIONS));
      all.add(Kernels.peakGflops(THREADS, PEAK_ITERATIONS));
    }
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private BenchReport.Inference timeInference(MnistData data) {
    TwoLayerNet net = TwoLayerNet.initialised(D, H, C, new Random(1));
    MnistDataset test = data.test();
    int evalReps = Math.max(reps, 10);
    // Steady state, as for training: the evaluation's own loops (split over the cores, 500-image
    // chunks) reach their final JIT-compiled form only after some 20-40 calls; with 5 warm-ups
    // the timed calls still included compilation. `train`
    // evaluates the test set every 1,000 steps, so all but its first few evaluations run warm.
    for (int w = 0; w < EVAL_WARMUPS; w++) {
      Evaluator.evaluate(net, test);
    }
    double[] testSetMs = new double[evalReps];
    for (int r = 0; r < evalReps; r++) {
      long t0 = System.nanoTime();
      Evaluator.evaluate(net, test);
      testSetMs[r] = (System.nanoTime() - t0) / 1e6;
    }
    float[] x = new float[D];
    int[] y = new int[1];
    test.copyBatch(null, 0, 1, x, y);
    Activations acts = new Activations(net, 1);
    int calls = 2000;
    int sink = 0;
    for (int w = 0; w < 5 * calls; w++) {
      net.forward(x, 1, acts);
      sink += TwoLayerNet.argmax(acts.probs, 0, C);
    }
    double[] oneUs = new double[evalReps];
    for (int r = 0; r < evalReps; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        net.forward(x, 1, acts);
        sink += TwoLayerNet.argmax(acts.probs, 0, C);
      }
      oneUs[r] = (System.nanoTime() - t0) / 1e3 / calls;
    }
    return new BenchReport.Inference(test.count(), testSetMs, oneUs, calls, sink);
  }

  /**
   * Training at {@link #profileBatch} with every kernel call timed; returns nanoseconds per kernel
   * and total.
   */
  private Map<String, Long> profileKernels(MnistDataset train) {
    KernelProvider before = Kernels.get();
    String note = Kernels.describe();
    ProfilingKernels prof = new ProfilingKernels(before);
    TwoLayerNet net = TwoLayerNet.initialised(D, H, C, new Random(1));
    Trainer trainer = trainer(net, profileBatch);
    boolean ahead = BatchesAhead.pays(profileBatch);
    long total;
    try {
      Kernels.use(prof, note);
      runImages(train, trainer, net, profileBatch, images, 0, ahead);
      prof = new ProfilingKernels(before);
      Kernels.use(prof, note);
      long t0 = System.nanoTime();
      runImages(train, trainer, net, profileBatch, images, 1, ahead);
      total = System.nanoTime() - t0;
    } finally {
      Kernels.use(before, note);
    }
    Map<String, Long> m = prof.nanosByKernel();
    m.put("total", total);
    return m;
  }

  /** Median of a copy of {@code a}. */
  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static JsonArray array(double[] a) {
    JsonArray arr = new JsonArray();
    for (double v : a) {
      arr.add(v);
    }
    return arr;
  }

  static JsonObject object() {
    return new JsonObject();
  }

  static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
