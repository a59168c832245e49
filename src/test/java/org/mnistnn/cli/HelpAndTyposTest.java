package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a user reads in {@code --help} and after a typo. */
class HelpAndTyposTest {
  @ParameterizedTest(name = "{0} --help")
  @ValueSource(
      strings = {"train", "evaluate", "predict", "serve", "download", "gradcheck", "bench"})
  void helpNamesEveryValueAndNeverBreaksTheCachePath(String command) {
    Cli r = Cli.run(command, "--help");
    assertThat(r.code()).isZero();
    // picocli's fallback label is the field name in angle brackets: every option names its value
    assertThat(r.out()).doesNotContainPattern("=<[a-z]");
    if (r.out().contains("~/")) {
      assertThat(r.out()).contains("~/.cache/mnist-nn/mnist");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "train --epoch 3 | --epochs | mnist-nn train --help",
        "train --lr-schedul cosine | --lr-schedule | mnist-nn train --help",
        "traim | train | mnist-nn --help",
        "evalute --model m.npz | evaluate | mnist-nn --help"
      })
  void aTypoGetsASuggestion(String args, String suggestion, String help) {
    Cli r = Cli.run(args.trim().split(" "));
    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errorLines()).hasSize(1);
    assertThat(r.errorLines().get(0))
        .contains("did you mean `" + suggestion.trim() + "`")
        .endsWith("(see `" + help.trim() + "` for the options)");
  }

  @org.junit.jupiter.api.Test
  void editDistanceCountsSingleCharacterEdits() {
    assertThat(Main.editDistance("--epoch", "--epochs")).isEqualTo(1);
    assertThat(Main.editDistance("traim", "train")).isEqualTo(1);
    assertThat(Main.editDistance("", "abc")).isEqualTo(3);
    assertThat(Main.editDistance("kitten", "sitting")).isEqualTo(3);
  }

  @org.junit.jupiter.api.Test
  void theTrainingLinesUseTheNumbersAsWrittenAndTheRightPlural(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path data = org.mnistnn.data.SyntheticMnist.write(tmp.resolve("d"), 64, 32, 1);
    Cli r =
        Cli.run(
            "train",
            "--epochs",
            "1",
            "--reg",
            "1e-4",
            "--hidden",
            "8",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("run").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("training 784-8-10 for 1 epoch, batch 16, lr 0.02, reg 1e-4,");
    assertThat(r.out()).contains("trained 1 epoch in ");
  }
}
