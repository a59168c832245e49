package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench}'s report: the note it adds when the FMA probe finds the processors not all free.
 */
class BenchReportTest {

  private static BenchReport report(BenchReport.Peak peak) {
    return new BenchReport(
        "synthetic",
        0.19,
        3,
        60_000,
        List.of(new BenchReport.Training(16, new double[] {0.15, 0.16, 0.15}, 0.3, 2)),
        new BenchReport.Inference(10_000, new double[] {5, 5, 6}, new double[] {4, 4, 5}),
        peak);
  }

  private static String table(BenchReport.Peak peak) {
    StringWriter s = new StringWriter();
    try (PrintWriter out = new PrintWriter(s)) {
      report(peak).printTable(out);
    }
    return s.toString();
  }

  private static JsonObject peakJson(BenchReport.Peak peak) {
    return report(peak).toJson().getAsJsonObject("fma_peak");
  }

  @Test
  void twoThreadsAtTwiceOneThreadsRateAreTwoCores() {
    BenchReport.Peak peak =
        new BenchReport.Peak(2, new double[] {116, 117, 115}, new double[] {231, 233, 230});
    assertThat(peak.scaling()).isBetween(1.97, 2.0);
    assertThat(peak.coresShared()).isFalse();
    assertThat(table(peak)).contains("FMA peak measured").doesNotContain("not all free");
    assertThat(peakJson(peak).get("cores_shared").getAsBoolean()).isFalse();
  }

  @Test
  void twoThreadsAtOneThreadsRateAreNamedAsSharingCores() {
    // the medians of the per-repetition ratios: one repetition at two cores' speed does not hide it
    BenchReport.Peak peak =
        new BenchReport.Peak(2, new double[] {114, 116, 117}, new double[] {115, 230, 117});
    assertThat(peak.scaling()).isBetween(0.99, 1.01);
    assertThat(peak.coresShared()).isTrue();
    assertThat(table(peak))
        .contains(
            "note: 2 threads ran the FMA chains only 1.01× as fast as one (median of 3, after the"
                + " timings): the processors were not all free");
    JsonObject json = peakJson(peak);
    assertThat(json.get("cores_shared").isJsonPrimitive()).isTrue();
    assertThat(json.get("cores_shared").getAsJsonPrimitive().isBoolean()).isTrue();
    assertThat(json.get("cores_shared").getAsBoolean()).isTrue();
    assertThat(json.get("scaling").getAsDouble()).isBetween(0.99, 1.01);
  }

  @Test
  void oneProcessorHasNoScalingAndNoNote() {
    BenchReport.Peak peak = new BenchReport.Peak(1, new double[] {116}, new double[] {116});
    assertThat(peak.scaling()).isNaN();
    assertThat(peak.coresShared()).isFalse();
    assertThat(table(peak)).doesNotContain("not all free");
    assertThat(peakJson(peak).has("scaling")).isFalse();
    assertThat(peakJson(peak).has("cores_shared")).isFalse();
  }

  @Test
  void aProbeWithoutFiguresHasNoScalingInTheJson() {
    // scalar kernels: the probe has no rates, and the JSON gets no NaN
    double nan = Double.NaN;
    BenchReport.Peak peak =
        new BenchReport.Peak(2, new double[] {nan, nan, nan}, new double[] {nan, nan, nan});
    assertThat(peak.scaling()).isNaN();
    assertThat(peak.coresShared()).isFalse();
    assertThat(peakJson(peak).has("scaling")).isFalse();
    assertThat(peakJson(peak).has("cores_shared")).isFalse();
    assertThat(table(peak)).doesNotContain("not all free");
  }
}
