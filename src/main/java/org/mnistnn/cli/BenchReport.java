package org.mnistnn.cli;

import static org.mnistnn.cli.BenchCommand.fmt;
import static org.mnistnn.cli.BenchCommand.median;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mnistnn.engine.KernelChoice;

/** The figures {@code bench} measured, as a table or as JSON. */
record BenchReport(
    String data,
    double inputDensity,
    int reps,
    int imagesTimed,
    List<BenchReport.Training> training,
    BenchReport.Inference inference,
    BenchReport.Peak peak) {

  /** FLOP of one training image, forward and backward: 2·(2·D·H + 3·H·C). */
  static final long FLOP_PER_IMAGE =
      2L * (2L * BenchCommand.D * BenchCommand.H + 3L * BenchCommand.H * BenchCommand.C);

  /**
   * FLOP the products really do per training image when the input has {@code density} non-zero
   * pixels: the first layer's two products run over the non-zero pixels only.
   */
  static double flopDonePerImage(double density) {
    return 2.0 * (2.0 * density * BenchCommand.D * BenchCommand.H)
        + 2.0 * 3.0 * BenchCommand.H * BenchCommand.C;
  }

  /** Seconds per 60,000-image epoch of each timed repetition, for one batch size. */
  record Training(int batchSize, double[] secondsPerEpoch, double meanLoss, int warmUps) {
    double seconds() {
      return median(secondsPerEpoch);
    }

    double imagesPerSecond() {
      return BenchCommand.EPOCH_IMAGES / seconds();
    }

    double gflops() {
      return FLOP_PER_IMAGE * imagesPerSecond() / 1e9;
    }
  }

  /** Milliseconds for the whole test set and microseconds per single image, per repetition. */
  record Inference(int testImages, double[] testSetMs, double[] oneImageUs) {}

  /** The FMA peak in GFLOP/s on one thread and on {@code threads} threads, per repetition. */
  record Peak(int threads, double[] oneCore, double[] allCores) {
    /**
     * Below this fraction of {@code threads} times one thread's rate, the processors were not all
     * free while the probe ran: other work on them (with one CPU-bound process beside it on two
     * processors, two threads did what one does: 0.94–1.12× against 1.4–2.1× without),
     * hyperthreads, or a host that runs them on fewer cores.
     */
    static final double SHARED_BELOW = 0.75;

    double bestOne() {
      return max(oneCore);
    }

    double bestAll() {
      return max(allCores);
    }

    /**
     * The median over the repetitions of all threads' rate over one thread's, as {@link
     * BenchCommand#median} takes it (the upper middle value of an even count); NaN for one thread.
     */
    double scaling() {
      int n = Math.min(oneCore.length, allCores.length);
      if (threads < 2 || n == 0) {
        return Double.NaN;
      }
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = allCores[i] / oneCore[i];
      }
      return median(r);
    }

    /** Whether the processors were not all free while the probe ran (see {@link #SHARED_BELOW}). */
    boolean coresShared() {
      double s = scaling();
      return Double.isFinite(s) && s < SHARED_BELOW * threads;
    }

    private static double max(double[] a) {
      double m = Double.NaN;
      for (double v : a) {
        m = Double.isNaN(m) || v > m ? v : m;
      }
      return m;
    }
  }

  void printTable(PrintWriter out) {
    out.println(
        fmt(
            "training (median of %d, %d images timed per repetition, scaled to an epoch):",
            reps, imagesTimed));
    out.println(
        "| batch | s/epoch (min–max) | images/s | GFLOP/s dense-eq. | done | % of 1-core peak |");
    out.println("| --- | --- | --- | --- | --- | --- |");
    for (Training t : training) {
      double[] s = t.secondsPerEpoch().clone();
      java.util.Arrays.sort(s);
      double done = flopDonePerImage(inputDensity) * t.imagesPerSecond() / 1e9;
      out.println(
          fmt(
              "| %d | %.3f (%.3f–%.3f) | %.0f | %.1f | %.1f | %.0f%% |",
              t.batchSize(),
              t.seconds(),
              s[0],
              s[s.length - 1],
              t.imagesPerSecond(),
              t.gflops(),
              done,
              100 * done / peak.bestOne()));
    }
    out.println(
        fmt(
            "inference: %d test images %.1f ms (median), one image %.1f µs",
            inference.testImages(), median(inference.testSetMs()), median(inference.oneImageUs())));
    out.println(
        fmt(
            "FMA peak measured in this run: %.1f GFLOP/s on one core, %.1f on %d threads (best"
                + " of %d)",
            peak.bestOne(), peak.bestAll(), peak.threads(), reps));
    if (peak.coresShared()) {
      out.println(
          fmt(
              "note: %d threads ran the FMA chains only %.2f× as fast as one (median of %d, after"
                  + " the timings): the processors were not all free (a host that runs them on"
                  + " fewer cores, hyperthreads, or other work), so the figures that use several"
                  + " threads (large batches, the test set) may have had fewer cores, and anything"
                  + " else running slows every figure",
              peak.threads(), peak.scaling(), reps));
    }
  }

  JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("cpu", cpu());
    o.addProperty("jvm", jvm());
    o.addProperty("kernels", KernelChoice.kernels().name());
    o.addProperty("kernels_note", KernelChoice.describe());
    o.addProperty("data", data);
    o.addProperty("input_density", inputDensity);
    o.addProperty("reps", reps);
    o.addProperty("images_timed", imagesTimed);
    o.addProperty("flop_per_training_image", FLOP_PER_IMAGE);
    o.addProperty("flop_done_per_training_image", flopDonePerImage(inputDensity));
    JsonArray tr = new JsonArray();
    for (Training t : training) {
      JsonObject j = new JsonObject();
      double done = flopDonePerImage(inputDensity) * t.imagesPerSecond() / 1e9;
      j.addProperty("batch_size", t.batchSize());
      j.addProperty("seconds_per_epoch", t.seconds());
      j.add("seconds_per_epoch_all", array(t.secondsPerEpoch()));
      j.addProperty("images_per_second", t.imagesPerSecond());
      j.addProperty("gflops", t.gflops());
      j.addProperty("gflops_done", done);
      j.addProperty("percent_of_peak", 100 * done / peak.bestOne());
      j.addProperty("mean_loss", t.meanLoss());
      j.addProperty("warm_up_epochs", t.warmUps());
      tr.add(j);
    }
    o.add("training", tr);
    JsonObject inf = new JsonObject();
    inf.addProperty("test_images", inference.testImages());
    inf.addProperty("test_set_ms", median(inference.testSetMs()));
    inf.add("test_set_ms_all", array(inference.testSetMs()));
    inf.addProperty("one_image_us", median(inference.oneImageUs()));
    o.add("inference", inf);
    JsonObject pk = new JsonObject();
    pk.addProperty("threads", peak.threads());
    pk.addProperty("gflops_one_core", peak.bestOne());
    pk.addProperty("gflops_all_cores", peak.bestAll());
    pk.add("gflops_one_core_all", array(peak.oneCore()));
    pk.add("gflops_all_cores_all", array(peak.allCores()));
    if (Double.isFinite(peak.scaling())) {
      pk.addProperty("scaling", peak.scaling());
      pk.addProperty("cores_shared", peak.coresShared());
    }
    o.add("fma_peak", pk);
    return o;
  }

  private static JsonArray array(double[] a) {
    JsonArray j = new JsonArray();
    for (double v : a) {
      j.add(v);
    }
    return j;
  }

  /** The JVM's name, version and processor count. */
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
}
