package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code bench} on a tiny synthetic workload: the report's shape and the usage errors. */
class BenchCommandTest {

  @Test
  void jsonReportsEveryBatchSizeAndTheInferenceTimes() {
    Cli r =
        Cli.run(
            "bench",
            "--synthetic",
            "--json",
            "--reps",
            "1",
            "--images",
            "64",
            "--batch-sizes",
            "16,32");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("data").getAsString()).startsWith("synthetic");
    assertThat(o.get("flop_per_training_image").getAsLong()).isEqualTo(319_600L);
    assertThat(o.get("kernels").getAsString()).matches("scalar|vector (64|128|256|512)-bit");
    var training = o.getAsJsonArray("training");
    assertThat(training).hasSize(2);
    JsonObject b16 = training.get(0).getAsJsonObject();
    assertThat(b16.get("batch_size").getAsInt()).isEqualTo(16);
    assertThat(training.get(1).getAsJsonObject().get("batch_size").getAsInt()).isEqualTo(32);
    double s = b16.get("seconds_per_epoch").getAsDouble();
    assertThat(s).isPositive();
    // images/s and GFLOP/s are derived from the same median
    assertThat(b16.get("images_per_second").getAsDouble()).isCloseTo(60_000 / s, within(1e-6 / s));
    assertThat(b16.get("gflops").getAsDouble())
        .isCloseTo(60_000 / s * 319_600 / 1e9, within(1e-9 / s));
    // the FLOP really done follow the pixel density
    double density = o.get("input_density").getAsDouble();
    assertThat(density).isBetween(0.15, 0.23); // synthetic images: 19% non-zero
    double done = o.get("flop_done_per_training_image").getAsDouble();
    assertThat(done).isCloseTo(2 * 2 * density * 784 * 100 + 2 * 3 * 100 * 10, within(1e-6));
    assertThat(b16.get("gflops_done").getAsDouble())
        .isCloseTo(60_000 / s * done / 1e9, within(1e-9 / s));
    assertThat(b16.get("gflops_done").getAsDouble()).isLessThan(b16.get("gflops").getAsDouble());
    // the rate done against the one-core FMA peak measured in the same run (the best of its runs)
    JsonObject peak = o.getAsJsonObject("fma_peak");
    assertThat(peak.get("threads").getAsInt())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    double one = peak.get("gflops_one_core").getAsDouble();
    assertThat(one).isPositive();
    double best = 0;
    for (var v : peak.getAsJsonArray("gflops_one_core_all")) {
      best = Math.max(best, v.getAsDouble());
    }
    assertThat(one).isEqualTo(best);
    assertThat(b16.get("percent_of_peak").getAsDouble())
        .isCloseTo(100 * b16.get("gflops_done").getAsDouble() / one, within(1e-9));
    if (peak.get("threads").getAsInt() > 1) {
      // all threads' rate over one thread's (one repetition: its own ratio), and whether that says
      // the processors were not all free
      double scaling = peak.get("scaling").getAsDouble();
      assertThat(scaling)
          .isEqualTo(
              peak.getAsJsonArray("gflops_all_cores_all").get(0).getAsDouble()
                  / peak.getAsJsonArray("gflops_one_core_all").get(0).getAsDouble());
      assertThat(peak.get("cores_shared").getAsBoolean())
          .isEqualTo(scaling < BenchReport.Peak.SHARED_BELOW * peak.get("threads").getAsInt());
    } else {
      assertThat(peak.has("scaling")).isFalse();
      assertThat(peak.has("cores_shared")).isFalse();
    }
    assertThat(r.out()).doesNotContain("NaN");
    JsonObject inf = o.getAsJsonObject("inference");
    assertThat(inf.get("test_images").getAsInt()).isEqualTo(10_000);
    assertThat(inf.get("test_set_ms").getAsDouble()).isPositive();
    assertThat(inf.get("one_image_us").getAsDouble()).isPositive();
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(Math.max(d, 1e-6));
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThat(Cli.run("bench", "--reps", "0").code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(Cli.run("bench", "--batch-sizes", "16,0").code()).isEqualTo(Main.EXIT_USAGE);
  }
}
