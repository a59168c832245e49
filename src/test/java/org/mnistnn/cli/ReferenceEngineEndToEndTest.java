package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.model.ModelFile;
import org.mnistnn.testing.TrainedRun;

/**
 * {@code train --engine reference}: the lesson's plain loops train the real MNIST through the same
 * command, run folder and model file, and land where the fast engine does (the shared one-epoch run
 * of {@link TrainedRun}, seed 1).
 */
class ReferenceEngineEndToEndTest {
  @TempDir Path dir;

  @Test
  void oneEpochOfTheReferenceReachesNinetyThreePercentWithinAThirdOfAPointOfTheFastEngine() {
    Path out = dir.resolve("ref");
    Cli ref =
        Cli.run(
            "train",
            "--engine",
            "reference",
            "--epochs",
            "1",
            "--seed",
            "1",
            "--quiet",
            "--out",
            out.toString());
    assertThat(ref.code()).as(ref.err()).isZero();
    double refAccuracy = lastAccuracy(ref.out());
    TrainedRun.Result fast = TrainedRun.get();
    assertThat(refAccuracy).isGreaterThanOrEqualTo(0.93);
    assertThat(Math.abs(refAccuracy - fast.reportedAccuracy())).isLessThanOrEqualTo(0.003);
    ModelFile.Saved saved = ModelFile.load(out.resolve("model.npz"));
    assertThat(saved.meta().get("engine").getAsString()).isEqualTo("reference");
    assertThat(ref.err()).contains("engine reference");
  }

  @Test
  void anUnknownEngineIsBadUsage() {
    Cli c = Cli.run("train", "--engine", "turbo", "--out", dir.resolve("x").toString());
    assertThat(c.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(c.err()).contains("--engine must be fast or reference");
  }

  private static double lastAccuracy(String stdout) {
    String[] lines = stdout.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    assertThat(last).startsWith("test accuracy: ");
    return Double.parseDouble(last.substring("test accuracy: ".length()));
  }
}
