package org.mnistnn.cli;

import static org.mnistnn.cli.BenchCommand.fmt;
import static org.mnistnn.cli.BenchCommand.median;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.training.BatchesAhead;
import org.mnistnn.training.Trainer;

/** The figures {@code bench} measured, as a table or as JSON. */
record BenchReport(
    String data,
    double inputDensity,
    int reps,
    int imagesTimed,
    List<BenchReport.Training> training,
    BenchReport.Inference inference,
    BenchReport.Peak peak,
    int profileBatch,
    Map<String, Long> profileNanos) {

  /** FLOP of one training image, forward and backward: 2·(2·D·H + 3·H·C). */
  static final long FLOP_PER_IMAGE =
      2L * (2L * BenchCommand.D * BenchCommand.H + 3L * BenchCommand.H * BenchCommand.C);

  /**
   * FLOP the products really do per training image when the input has {@code density} non-zero
   * pixels: the first layer's two products run over the non-zero pixels only ({@code 2·2·ρ·D·H});
   * the second layer is counted dense ({@code 2·3·H·C}, an upper bound: its kernels skip the hidden
   * units ReLU switched off too).
   */
  static double flopDonePerImage(double density) {
    return 2.0 * (2.0 * density * BenchCommand.D * BenchCommand.H)
        + 2.0 * 3.0 * BenchCommand.H * BenchCommand.C;
  }

  /**
   * Seconds per 60,000-image epoch of each timed repetition, for one batch size; and of the parts
   * of paired steps handed to the batch helper in the timed repetitions, how many it ran and how
   * many the trainer ran itself, as the helper had not started them (both 0 without pairing).
   */
  record Training(
      int batchSize,
      double[] secondsPerEpoch,
      double meanLoss,
      int warmUps,
      long partsOnHelper,
      long partsOnTrainer) {
    /** Whether steps were paired in the timed repetitions. */
    boolean paired() {
      return partsOnHelper + partsOnTrainer > 0;
    }

    /** The fraction of the paired steps' parts that the helper ran. */
    double helperShare() {
      return (double) partsOnHelper / (partsOnHelper + partsOnTrainer);
    }

    double median() {
      return BenchCommand.median(secondsPerEpoch);
    }

    double imagesPerSecond() {
      return BenchCommand.EPOCH_IMAGES / median();
    }

    /** Dense-equivalent rate: the dense FLOP count over the time (zeros skipped count as done). */
    double gflops() {
      return imagesPerSecond() * FLOP_PER_IMAGE / 1e9;
    }

    /** The rate of FLOP actually done, see {@link #flopDonePerImage}. */
    double gflopsDone(double density) {
      return imagesPerSecond() * flopDonePerImage(density) / 1e9;
    }
  }

  /**
   * Milliseconds for the whole test set per repetition, and microseconds per single-image forward
   * pass (each repetition averages {@code callsPerRep} calls).
   */
  record Inference(
      int testImages, double[] testSetMs, double[] oneImageUs, int callsPerRep, int sink) {}

  /**
   * The float32 FMA peak measured in this run ({@link Kernels#peakGflops}), every measurement on
   * one core and on {@code threads} threads; NaN entries when the Vector API is not available.
   */
  record Peak(int threads, double[] oneCoreGflops, double[] allCoresGflops) {
    /** The best all-cores measurement. */
    double allCores() {
      return best(allCoresGflops);
    }

    /** The best one-core measurement. */
    double oneCore() {
      return best(oneCoreGflops);
    }

    /**
     * The peak the training rates are compared with: the larger of the best all-cores measurement
     * and {@code threads} times the best one-core one. All cores at once are timed until the
     * slowest thread ends, so one core that the machine slowed for a moment pulls that figure down
     * (runs here have given 86 on two threads against 87 on one); a peak too low would flatter the
     * percentages.
     */
    double reference() {
      return Math.max(allCores(), threads * oneCore());
    }

    boolean measured() {
      return !Double.isNaN(allCores()) && !Double.isNaN(oneCore());
    }

    /** {@code gflops} as a percentage of {@link #reference()}. */
    double percent(double gflops) {
      return 100 * gflops / reference();
    }

    private static double best(double[] v) {
      double b = Double.NaN;
      for (double x : v) {
        if (!Double.isNaN(x) && (Double.isNaN(b) || x > b)) {
          b = x;
        }
      }
      return b;
    }
  }

  /** The JVM's name, version and vendor. */
  static String jvm() {
    return System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + " ("
        + System.getProperty("java.vm.vendor")
        + "), "
        + Runtime.getRuntime().availableProcessors()
        + " processors";
  }

  /** The CPU model from /proc/cpuinfo where there is one. */
  static String cpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: fall through
    }
    return System.getProperty("os.arch");
  }

  /** The numbers of warm-up epochs of the batch sizes timed: "3", or "2–4". */
  private String warmUpRange() {
    int lo = Integer.MAX_VALUE;
    int hi = 0;
    for (Training t : training) {
      lo = Math.min(lo, t.warmUps());
      hi = Math.max(hi, t.warmUps());
    }
    if (hi == 0) {
      return "no";
    }
    return lo == hi ? Integer.toString(lo) : lo + "–" + hi;
  }

  /** "batch 16 98.7%, batch 32 99.1%" for the batch sizes whose steps were paired; "" if none. */
  private String helperShares() {
    StringBuilder b = new StringBuilder();
    for (Training t : training) {
      if (t.paired()) {
        b.append(b.length() == 0 ? "" : ", ")
            .append(fmt("batch %d %.1f%%", t.batchSize(), 100 * t.helperShare()));
      }
    }
    return b.toString();
  }

  void printTable(PrintWriter out) {
    out.println(
        fmt(
            "epoch = 60,000 images; %s; median of %d repetitions after %s warm-ups (the first without"
                + " the batch helper, then until an epoch is no longer 10%% faster than the one"
                + " before)",
            imagesTimed == BenchCommand.EPOCH_IMAGES
                ? "each repetition times a whole epoch"
                : fmt("each repetition times %,d images, scaled to 60,000", imagesTimed),
            reps,
            warmUpRange()));
    out.println(
        "as in train, batches of up to "
            + BatchesAhead.UP_TO
            + " images are copied and listed on a second thread ahead of the steps"
            + (BatchesAhead.pays(1) ? "" : " (not in this run: one processor, or switched off)")
            + (Trainer.pairsSteps(BenchCommand.H)
                ? ", which also takes part of each step's first layer (paired steps)"
                : ""));
    out.println();
    out.println(
        " batch   s/epoch   (min – max)       images/s   GFLOP/s dense-eq.   % of peak  "
            + " GFLOP/s done   mean loss");
    for (Training t : training) {
      double[] s = t.secondsPerEpoch().clone();
      java.util.Arrays.sort(s);
      out.println(
          fmt(
              "%6d   %7.3f   (%.3f – %.3f)   %10.0f   %17.1f   %9s   %12.1f   %9.4f",
              t.batchSize(),
              t.median(),
              s[0],
              s[s.length - 1],
              t.imagesPerSecond(),
              t.gflops(),
              peak.measured() ? fmt("%.0f%%", peak.percent(t.gflops())) : "–",
              t.gflopsDone(inputDensity),
              t.meanLoss()));
    }
    String shares = helperShares();
    if (!shares.isEmpty()) {
      out.println(
          "parts of paired steps the helper ran (the trainer runs a part itself if the helper has"
              + " not started it): "
              + shares);
    }
    out.println();
    out.println(peakLine());
    out.println();
    out.println(
        fmt(
            "inference: %,d test images in %.2f ms (median of %d, after %d warm-ups); one image in %.2f µs (median"
                + " of %d × %d calls)",
            inference.testImages(),
            median(inference.testSetMs()),
            inference.testSetMs().length,
            BenchCommand.EVAL_WARMUPS,
            median(inference.oneImageUs()),
            inference.oneImageUs().length,
            inference.callsPerRep()));
    out.println(
        fmt(
            "GFLOP/s dense-eq. counts %,d FLOP per training image (2·(2·784·100 + 3·100·10),"
                + " forward + backward) as if the products were dense. The kernels skip zero"
                + " pixels (%.1f%% of the training pixels are non-zero), so they really do about"
                + " %,.0f FLOP per image (GFLOP/s done, second layer counted dense): the"
                + " dense-equivalent rate is not compute speed.",
            FLOP_PER_IMAGE, 100 * inputDensity, flopDonePerImage(inputDensity)));
    if (profileNanos != null) {
      printProfile(out);
    }
  }

  /** The peak the "% of peak" column divides by, and how it was measured. */
  private String peakLine() {
    if (!peak.measured()) {
      return "% of peak: not measured (the FMA peak loop needs the Vector API)";
    }
    return fmt(
        "%% of peak: dense-equivalent GFLOP/s over the float32 FMA peak measured in this run, %.1f"
            + " GFLOP/s: the larger of the best of %d runs on %d threads (%.1f) and %d times the"
            + " best of %d on one (%.1f), after the timings, twelve FMA chains on vectors in L1,"
            + " measured in the same run because a shared machine's speed varies from hour to hour.",
        peak.reference(),
        peak.allCoresGflops().length,
        peak.threads(),
        peak.allCores(),
        peak.threads(),
        peak.oneCoreGflops().length,
        peak.oneCore());
  }

  /** What each kernel computes in a training step of the 784-100-10 network. */
  private static final Map<String, String> ROLES =
      Map.ofEntries(
          Map.entry("listNonZeros", "x's non-zero pixels from floats (augmentation only)"),
          Map.entry("listBytes", "x's non-zero pixels straight from the dataset's bytes"),
          Map.entry("copyRows", "x's non-zero pixels copied from each image's list, made once"),
          Map.entry("sparseMatmul", "z1 = x·W1 over them"),
          Map.entry("sparseMatmulTransA", "dW1 = xᵀ·dz1 over them (momentum only)"),
          Map.entry(
              "sparseMatmulTransASgdUpdate",
              "dW1 = xᵀ·dz1 a row at a time into W1 ← W1 − lr·(dW1 + reg·W1), and ΣW1²"),
          Map.entry(
              "sgdUpdateSumOfSquares",
              "θ ← θ − lr·(dθ + reg·θ) and Σθ² of the new θ (next L2 term): b1, W2, b2"),
          Map.entry("matmul", "h1·W2"),
          Map.entry("matmulTransA", "dW2 = h1ᵀ·dz2"),
          Map.entry("matmulTransB", "dh1 = dz2·W2ᵀ"),
          Map.entry("sgdUpdate", "θ ← θ − lr·(dθ + reg·θ) (momentum only)"),
          Map.entry("sumOfSquares", "Σθ² for the L2 term (momentum, first step)"));

  private void printProfile(PrintWriter out) {
    long total = profileNanos.get("total");
    out.println();
    out.println(
        fmt(
            "where batch-%d training time goes (%,d images, %.3f s):",
            profileBatch, imagesTimed, total / 1e9));
    long inKernels = 0;
    for (Map.Entry<String, Long> e : profileNanos.entrySet()) {
      if (e.getKey().equals("total")) {
        continue;
      }
      inKernels += e.getValue();
      out.println(
          fmt(
              "  %-27s %6.1f%%   %s",
              e.getKey(), 100.0 * e.getValue() / total, ROLES.getOrDefault(e.getKey(), "")));
    }
    out.println(
        fmt(
            "  %-27s %6.1f%%   (labels, loss, softmax gradient, call overhead, and with paired steps the"
                + " wait for the helper's part; the helper's own calls are not timed)",
            "other", 100.0 * (total - inKernels) / total));
  }

  JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("kernels", Kernels.get().name());
    o.addProperty("kernels_note", Kernels.describe());
    // the largest batch whose copy and column listing ran on a helper thread (0: none did)
    o.addProperty("batches_ahead_up_to", BatchesAhead.pays(1) ? BatchesAhead.UP_TO : 0);
    // whether that thread also took part of each step's first layer (PairedSteps)
    o.addProperty("paired_steps", Trainer.pairsSteps(BenchCommand.H));
    o.addProperty("jvm", jvm());
    o.addProperty("cpu", cpu());
    o.addProperty("data", data);
    o.addProperty("network", BenchCommand.D + "-" + BenchCommand.H + "-" + BenchCommand.C);
    o.addProperty("repetitions", reps);
    o.addProperty("images_timed_per_repetition", imagesTimed);
    o.addProperty("flop_per_training_image", FLOP_PER_IMAGE);
    o.addProperty("input_density", inputDensity);
    o.addProperty("flop_done_per_training_image", flopDonePerImage(inputDensity));
    com.google.gson.JsonArray tr = new com.google.gson.JsonArray();
    for (Training t : training) {
      JsonObject r = new JsonObject();
      r.addProperty("batch_size", t.batchSize());
      r.addProperty("seconds_per_epoch", t.median());
      r.addProperty("images_per_second", t.imagesPerSecond());
      r.addProperty("gflops", t.gflops());
      r.addProperty("gflops_dense_equivalent", t.gflops());
      r.addProperty("gflops_done", t.gflopsDone(inputDensity));
      if (peak.measured()) {
        r.addProperty("percent_of_peak", peak.percent(t.gflops()));
      }
      r.addProperty("mean_loss", t.meanLoss());
      r.add("seconds_per_epoch_all", BenchCommand.array(t.secondsPerEpoch()));
      r.addProperty("warm_up_epochs", t.warmUps());
      if (t.paired()) {
        // of the timed repetitions' paired steps: the parts the helper ran, and the fraction
        r.addProperty("paired_parts", t.partsOnHelper() + t.partsOnTrainer());
        r.addProperty("paired_parts_on_helper", t.helperShare());
      }
      tr.add(r);
    }
    o.add("training", tr);
    JsonObject pk = new JsonObject();
    pk.addProperty("threads", peak.threads());
    if (peak.measured()) {
      pk.addProperty("gflops_reference", peak.reference());
      pk.addProperty("gflops_all_cores", peak.allCores());
      pk.addProperty("gflops_one_core", peak.oneCore());
      pk.add("gflops_all_cores_all", BenchCommand.array(peak.allCoresGflops()));
      pk.add("gflops_one_core_all", BenchCommand.array(peak.oneCoreGflops()));
    } else {
      pk.addProperty("note", "not measured: the FMA peak loop needs the Vector API");
    }
    o.add("fma_peak", pk);
    JsonObject inf = new JsonObject();
    inf.addProperty("test_images", inference.testImages());
    inf.addProperty("test_set_ms", median(inference.testSetMs()));
    inf.addProperty("one_image_us", median(inference.oneImageUs()));
    inf.add("test_set_ms_all", BenchCommand.array(inference.testSetMs()));
    inf.add("one_image_us_all", BenchCommand.array(inference.oneImageUs()));
    o.add("inference", inf);
    if (profileNanos != null) {
      JsonObject p = new JsonObject();
      p.addProperty("batch_size", profileBatch);
      profileNanos.forEach((k, v) -> p.addProperty(k + "_seconds", v / 1e9));
      o.add("profile", p);
    }
    return o;
  }
}
