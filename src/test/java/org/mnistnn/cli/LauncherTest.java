package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.testing.Tmux;

/**
 * The real {@code ./mnist-nn} launcher, run as a user runs it: in a terminal (tmux), or from a
 * script.
 */
class LauncherTest {
  @TempDir Path tmp;

  @Test
  void ctrlCInATerminalPrintsTheResumeLineAndExits130() throws Exception {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 2000, 200, 3);
    Path launcher = LauncherCopy.create(tmp.resolve("repo"));
    Path run = tmp.resolve("run");
    try (Tmux t = Tmux.start(80, 24, tmp)) {
      t.type(
          launcher
              + " train --epochs 1000 --hidden 16 --seed 5 --checkpoint-every 50 --data "
              + data
              + " --out "
              + run
              + "; echo \"exit=$?\"");
      long deadline = System.nanoTime() + Tmux.PATIENCE.toNanos();
      while (!Files.exists(run.resolve("checkpoint.npz")) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(run.resolve("checkpoint.npz")).as("training started").exists();
      t.press("C-c");
      String screen = t.waitFor(s -> s.matches("(?s).*exit=[0-9].*"), Tmux.PATIENCE);
      assertThat(screen)
          .contains("interrupted after step")
          .contains("resume with: ./mnist-nn train --epochs 1000")
          .contains("exit=130");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 70})
  void theProgressBarFitsTheTerminalAndEndsWithTheFinalAccuracy(int columns) throws Exception {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 2000, 200, 3);
    Path launcher = LauncherCopy.create(tmp.resolve("repo"));
    try (Tmux t = Tmux.start(columns, 40, tmp)) {
      t.type("clear; " + launcher + trainArgs(data) + "; echo \"exit=$?\"");
      t.waitFor(s -> s.matches("(?s).*exit=[0-9].*"), Tmux.PATIENCE);
      List<String> rows = t.rows();
      String screen = String.join("\n", rows);
      assertThat(screen).contains("exit=0");
      List<String> bars = rows.stream().filter(r -> r.contains("│")).toList();
      assertThat(bars).as(screen).hasSize(1);
      String bar = bars.get(0);
      assertThat(bar).as(screen).startsWith("train 100% │").contains(" · epoch 3 · loss ");
      assertThat(bar.length()).isLessThan(columns);
      String accuracy =
          rows.stream()
              .filter(r -> r.startsWith("test accuracy: "))
              .findFirst()
              .orElseThrow()
              .substring("test accuracy: ".length());
      assertThat(bar).as("the last bar shows the final accuracy").contains("acc " + accuracy);
    }
  }

  @Test
  void stderrRedirectedToAFileGetsPlainLinesEvenInATerminal() throws Exception {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 2000, 200, 3);
    Path launcher = LauncherCopy.create(tmp.resolve("repo"));
    Path log = tmp.resolve("train.log");
    try (Tmux t = Tmux.start(80, 24, tmp)) {
      t.type(launcher + trainArgs(data) + " 2> " + log + "; echo \"exit=$?\"");
      String screen = t.waitFor(s -> s.matches("(?s).*exit=[0-9].*"), Tmux.PATIENCE);
      assertThat(screen).contains("exit=0").doesNotContain("│");
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).contains("epoch 3 done in").doesNotContain("\r").doesNotContain("\u001b");
    assertThat(text).doesNotContain("│").doesNotContain("WARNING: Using incubator modules");
  }

  private String trainArgs(Path data) {
    return " train --epochs 3 --hidden 16 --seed 5 --eval-every 40 --data "
        + data
        + " --out "
        + tmp.resolve("run");
  }

  @Test
  void aRebuildIsAnnouncedWithTheFileThatIsNewerThanTheJar() throws Exception {
    Path repo = tmp.resolve("repo");
    Path launcher = LauncherCopy.create(repo);
    Path source = repo.resolve("src/main/java/Changed.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Changed {}\n");
    Files.setLastModifiedTime(
        repo.resolve("target/mnist-nn.jar"), FileTime.from(Instant.now().minusSeconds(60)));
    // a stand-in for Maven that builds nothing, so the (unchanged) jar then runs
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\nexit 0\n");
    mvn.toFile().setExecutable(true);
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "--version")
            .redirectError(tmp.resolve("err").toFile())
            .redirectOutput(tmp.resolve("out").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err)
        .contains(
            "building mnist-nn with Maven, about a minute (src/main/java/Changed.java is newer"
                + " than target/mnist-nn.jar)");
    assertThat(Files.readString(tmp.resolve("out"))).startsWith("mnist-nn ");
  }

  @Test
  void javaHomeChoosesTheJvm() throws Exception {
    Path launcher = LauncherCopy.create(tmp.resolve("repo"));
    // a stand-in JDK whose java says how it was called
    Path jdk = tmp.resolve("jdk");
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"stand-in java: $*\"\n");
    java.toFile().setExecutable(true);
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "--version")
            .redirectError(tmp.resolve("err").toFile())
            .redirectOutput(tmp.resolve("out").toFile());
    pb.environment().put("JAVA_HOME", jdk.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err"))).isZero();
    assertThat(Files.readString(tmp.resolve("out")))
        .startsWith("stand-in java: ")
        .contains("-XX:ObjectAlignmentInBytes=32")
        .contains("-jar " + tmp.resolve("repo/target/mnist-nn.jar") + " --version");
  }

  @Test
  void aJavaHomeWithoutJavaIsOneClearLine() throws Exception {
    Path launcher = LauncherCopy.create(tmp.resolve("repo"));
    Path empty = Files.createDirectories(tmp.resolve("not-a-jdk"));
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "--version")
            .redirectError(tmp.resolve("err").toFile())
            .redirectOutput(tmp.resolve("out").toFile());
    pb.environment().put("JAVA_HOME", empty.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readAllLines(tmp.resolve("err")))
        .containsExactly(
            "error: JAVA_HOME is "
                + empty
                + ", which has no bin/java; point it at a JDK 17 or newer, or unset it to use the"
                + " java on PATH");
    assertThat(Files.readString(tmp.resolve("out"))).isEmpty();
  }
}
