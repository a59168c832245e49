package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.training.Checkpoint;

/**
 * Interrupts a real {@code train} process with SIGTERM ({@link Process#destroy()}), resumes it with
 * the command it prints, and checks that the final model and metrics equal those of a run that was
 * never interrupted.
 */
class TrainInterruptTest {
  @TempDir Path tmp;

  List<String> trainArgs(Path data, Path out, String options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--epochs",
                "12",
                "--hidden",
                "16",
                "--seed",
                "11",
                "--checkpoint-every",
                "40",
                "--quiet",
                "--data",
                data.toString(),
                "--out",
                out.toString()));
    if (!options.isBlank()) {
      args.addAll(Arrays.asList(options.split(" ")));
    }
    return args;
  }

  /**
   * Plain SGD, and every option that carries state or randomness: momentum (optimiser state), a
   * schedule with warm-up (a function of the step), augmentation (random draws derived from seed,
   * epoch and image) and validation with early stopping (best weights so far).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--momentum 0.9 --nesterov --lr-schedule cosine --warmup 30 --augment affine"
            + " --validation 300 --early-stopping 3"
      })
  void sigtermWritesACheckpointAndResumingGivesTheUninterruptedModel(String options)
      throws Exception {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 2000, 200, 3);
    Path runA = tmp.resolve("interrupted");
    Path runB = tmp.resolve("reference");

    Process p =
        JavaProcess.mnistNn(
                tmp.resolve("a.out"), tmp.resolve("a.err"), trainArgs(data, runA, options))
            .start();
    Path checkpoint = runA.resolve(Checkpoint.FILE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(p.isAlive()).as("still training when the first checkpoint appeared").isTrue();
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(tmp.resolve("a.err"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isEqualTo(143);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    List<String> interrupted =
        err.lines().filter(l -> l.startsWith("interrupted after step")).toList();
    assertThat(interrupted).hasSize(1);
    assertThat(Files.exists(runA.resolve("model.npz"))).isFalse();
    Checkpoint c = Checkpoint.of(ModelFile.load(checkpoint), "cp");
    assertThat(c.step()).isPositive().isLessThan(12 * 125);

    String line = interrupted.get(0);
    String command = line.substring(line.indexOf("resume with: ") + "resume with: ".length());
    List<String> words = Arrays.asList(command.split(" "));
    assertThat(words.subList(0, 2)).containsExactly("./mnist-nn", "train");
    int resumed =
        JavaProcess.run(tmp.resolve("r.out"), tmp.resolve("r.err"), words.subList(1, words.size()));
    assertThat(resumed).as(Files.readString(tmp.resolve("r.err"))).isZero();
    assertThat(Files.exists(checkpoint)).as("checkpoint removed after the run finished").isFalse();

    int reference =
        JavaProcess.run(tmp.resolve("b.out"), tmp.resolve("b.err"), trainArgs(data, runB, options));
    assertThat(reference).isZero();

    TwoLayerNet a = ModelFile.load(runA.resolve("model.npz")).net();
    TwoLayerNet b = ModelFile.load(runB.resolve("model.npz")).net();
    for (int i = 0; i < 4; i++) {
      assertThat(a.parameters()[i])
          .as(TwoLayerNet.PARAMETER_NAMES[i])
          .containsExactly(b.parameters()[i]);
    }
    assertThat(Files.readString(runA.resolve("metrics.csv")))
        .isEqualTo(Files.readString(runB.resolve("metrics.csv")));
    assertThat(lastLine(tmp.resolve("r.out"))).isEqualTo(lastLine(tmp.resolve("b.out")));
    if (!options.isBlank()) {
      assertThat(Files.readString(runA.resolve("validation.csv")).lines().map(l -> cut(l)))
          .containsExactlyElementsOf(
              Files.readString(runB.resolve("validation.csv")).lines().map(l -> cut(l)).toList());
    }
  }

  /** A validation.csv row without its seconds column (timings differ between runs). */
  static String cut(String row) {
    String[] f = row.split(",");
    return f[0] + "," + f[1] + "," + f[2] + "," + f[f.length - 1];
  }

  static String lastLine(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    return lines.get(lines.size() - 1);
  }
}
