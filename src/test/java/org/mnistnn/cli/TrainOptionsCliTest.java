package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.model.ModelFile;

/** The extra {@code train} options end to end on a small synthetic data set. */
class TrainOptionsCliTest {
  @TempDir Path tmp;
  Path data;
  Path out;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 96, 32, 1);
    out = tmp.resolve("run");
  }

  private Cli train(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("train", "--quiet", "--data", data.toString(), "--out", out.toString()));
    args.addAll(Arrays.asList(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--init foo|--init must be one of notebook, he, xavier",
        "--momentum 1|--momentum must be in [0, 1)",
        "--nesterov|--nesterov needs a --momentum above 0",
        "--lr-schedule linear|--lr-schedule must be one of constant, step, cosine",
        "--validation 96|--validation must be between 0 and 95",
        "--early-stopping 3|--early-stopping needs held-out images",
        "--augment blur|--augment must be one of none, affine, elastic",
        "--elastic-sigma 0|--elastic-sigma must be in (0, 28]",
        "--lr-step-gamma 2|--lr-step-gamma must be in (0, 1]",
      })
  void badValuesAreUsageErrors(String args, String message) {
    Cli r = train(args.split(" "));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("\tat ");
    assertThat(out.resolve("model.npz")).doesNotExist();
  }

  @Test
  void validationSelectsTheBestEpochAndAugmentationDrawsItsPicture() throws IOException {
    Cli r =
        train(
            "--epochs",
            "3",
            "--seed",
            "4",
            "--hidden",
            "12",
            "--validation",
            "32",
            "--augment",
            "elastic",
            "--momentum",
            "0.9",
            "--nesterov",
            "--lr-schedule",
            "cosine",
            "--warmup",
            "3",
            "--init",
            "he",
            "--eval-every",
            "0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("options: init he; nesterov momentum 0.9");
    String[] lines = r.out().strip().split("\n");
    assertThat(lines[lines.length - 2]).startsWith("validation accuracy: ");
    assertThat(lines[lines.length - 1]).startsWith("test accuracy: ");
    assertThat(out.resolve("augment.png")).isNotEmptyFile();

    List<String> csv = Files.readAllLines(out.resolve("validation.csv"));
    assertThat(csv).hasSize(4);
    double best = -1;
    int bestEpoch = -1;
    int selected = -1;
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      double acc = Double.parseDouble(f[1]);
      if (acc > best) {
        best = acc;
        bestEpoch = Integer.parseInt(f[0]);
      }
      if (f[4].equals("1")) {
        selected = Integer.parseInt(f[0]);
      }
    }
    assertThat(selected).isEqualTo(bestEpoch);
    ModelFile.Saved saved = ModelFile.load(out.resolve("model.npz"));
    assertThat(saved.meta().get("selected_epoch").getAsInt()).isEqualTo(bestEpoch);
    assertThat(saved.meta().get("augment").getAsString()).isEqualTo("elastic");
    assertThat(saved.meta().get("momentum").getAsFloat()).isEqualTo(0.9f);
  }

  @Test
  void theHeldOutImagesAreTheLastOnesAndTrainingKeepsTheRest() {
    MnistDataset train = SyntheticMnist.dataset(100, 3);
    MnistData all = new MnistData(train, SyntheticMnist.dataset(10, 4));
    MnistData fit = TrainExtras.trainingPart(all, 30);
    MnistDataset held = TrainExtras.heldOut(all, 30);
    assertThat(fit.train().count()).isEqualTo(70);
    assertThat(held.count()).isEqualTo(30);
    assertThat(fit.test()).isSameAs(all.test());
    for (int i = 0; i < 30; i++) {
      assertThat(held.label(i)).isEqualTo(train.label(70 + i));
      assertThat(held.pixel(i, 400)).isEqualTo(train.pixel(70 + i, 400));
    }
    for (int i = 0; i < 70; i++) {
      assertThat(fit.train().pixel(i, 400)).isEqualTo(train.pixel(i, 400));
    }
    assertThat(TrainExtras.trainingPart(all, 0)).isSameAs(all);
  }
}
