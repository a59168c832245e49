package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.training.Init;
import org.mnistnn.training.Trainer;

/**
 * Seeds that agree in their low 48 bits (all {@link java.util.Random} keeps) give different runs:
 * every bit of {@code --seed} reaches the generators (issue 19, point 11).
 */
class SeedBitsTest {
  @TempDir Path tmp;

  @Test
  void seedsThatAgreeModulo2To48GiveDifferentModels() throws IOException {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 64, 16, 1);
    assertThat(train(data, "-1").W1).isNotEqualTo(train(data, "" + Long.MAX_VALUE).W1);
    assertThat(train(data, "5").W1).isNotEqualTo(train(data, "" + (5L + (1L << 48))).W1);
    assertThat(train(data, "5").W1).as("still reproducible").isEqualTo(train(data, "5").W1);
  }

  @Test
  void initialisationAndShuffleUseAll64Bits() {
    long a = 5;
    long b = 5 + (1L << 48);
    for (Init init : Init.values()) {
      assertThat(init.create(20, 4, 3, a).W1).isNotEqualTo(init.create(20, 4, 3, b).W1);
    }
    assertThat(Trainer.shuffleOrder(100, a, 0)).isNotEqualTo(Trainer.shuffleOrder(100, b, 0));
    assertThat(Trainer.shuffleOrder(100, -1, 2))
        .isNotEqualTo(Trainer.shuffleOrder(100, Long.MAX_VALUE, 2));
  }

  private TwoLayerNet train(Path data, String seed) {
    Path out = tmp.resolve("run-" + seed + "-" + System.nanoTime());
    Cli r =
        Cli.run(
            "train",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--epochs",
            "1",
            "--hidden",
            "8",
            "--seed",
            seed,
            "--eval-every",
            "0");
    assertThat(r.code()).as(r.err()).isZero();
    return ModelFile.load(out.resolve("model.npz")).net();
  }
}
