package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.model.ModelFile;

/**
 * Writes that fail at the end of training, after the free-space check passed: the one error line
 * names the file and says where the trained weights went or what was lost (issue 19, point 4).
 */
class LateWriteFailureTest {
  @TempDir Path tmp;
  Path data;
  Path out;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 16, 1);
    out = tmp.resolve("run");
  }

  private List<String> train(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--quiet",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "1",
                "--seed",
                "1"));
    args.addAll(List.of(extra));
    return args;
  }

  /**
   * A file-size limit ({@code ulimit -f}) makes the 318 KB model.npz fail half-way, as a full disk
   * does, while the 1 KB lock and the data reads are unaffected; the fallback copy in the temporary
   * folder hits the same limit, so the weights are lost and the line says so.
   */
  @Test
  void aModelThatDoesNotFitIsNamedAndTheLossIsStated() throws Exception {
    ProcessBuilder pb =
        JavaProcess.mnistNn(
            tmp.resolve("o.txt"), tmp.resolve("e.txt"), train("--checkpoint-every", "0"));
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 250 && exec \"$@\"", "-"));
    cmd.addAll(pb.command());
    Process p = pb.command(cmd).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(tmp.resolve("e.txt"));
    assertThat(p.exitValue()).as(err).isEqualTo(Main.EXIT_FAILURE);
    List<String> errors = err.lines().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).as(err).hasSize(1);
    assertThat(errors.get(0))
        .contains(out.resolve("model.npz").toString(), "File too large", "weights are lost")
        .contains("no checkpoint was kept")
        .doesNotContain("unexpected");
    // nothing half-written: the folder this run made held nothing else, so it is gone too
    assertThat(out).doesNotExist();
    assertThat(Files.readString(tmp.resolve("o.txt"))).doesNotContain("test accuracy");
  }

  @Test
  void anImmutableModelIsNamedAndTheWeightsAreKeptElsewhere() throws Exception {
    Files.createDirectories(out);
    Path model = Files.writeString(out.resolve("model.npz"), "an older model");
    Assumptions.assumeTrue(chattr("+i", model), "chattr +i is not available on this file system");
    Path saved = null;
    try {
      int code =
          JavaProcess.run(tmp.resolve("o.txt"), tmp.resolve("e.txt"), train("--hidden", "8"));
      String err = Files.readString(tmp.resolve("e.txt"));
      assertThat(code).as(err).isEqualTo(Main.EXIT_FAILURE);
      List<String> errors = err.lines().filter(l -> l.startsWith("error:")).toList();
      assertThat(errors).as(err).hasSize(1);
      assertThat(errors.get(0))
          .contains(model.toString(), "Operation not permitted", "saved to")
          .doesNotContain("unexpected");
      Matcher m = Pattern.compile("saved to (\\S+\\.npz) instead").matcher(errors.get(0));
      assertThat(m.find()).as(errors.get(0)).isTrue();
      saved = Path.of(m.group(1));
      assertThat(ModelFile.load(saved).net().hidden).isEqualTo(8);
      assertThat(Files.readString(model)).isEqualTo("an older model");
    } finally {
      chattr("-i", model);
      if (saved != null) {
        Files.deleteIfExists(saved);
      }
    }
  }

  private static boolean chattr(String flag, Path file) throws IOException, InterruptedException {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
