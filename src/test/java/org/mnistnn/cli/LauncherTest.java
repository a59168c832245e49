package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
