package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.report.RunFolder;

/**
 * The run folder has one trainer at a time, no leftovers of killed runs, and is not left behind
 * empty by a run that failed before writing anything (issue 19, points 4–6 and 12).
 */
class RunFolderGuardTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 16, 1);
  }

  private Cli train(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--quiet",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--hidden",
                "8",
                "--seed",
                "1"));
    args.addAll(Arrays.asList(extra));
    if (!args.contains("--epochs")) {
      args.addAll(List.of("--epochs", "1"));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void anEmptyOutIsBadUsageAndWritesNothingHere() throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    ProcessBuilder pb =
        JavaProcess.mnistNn(
            tmp.resolve("o.txt"),
            tmp.resolve("e.txt"),
            List.of("train", "--quiet", "--data", data.toString(), "--epochs", "1", "--out", ""));
    Process p = pb.directory(cwd.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(tmp.resolve("e.txt"));
    assertThat(p.exitValue()).as(err).isEqualTo(Main.EXIT_USAGE);
    assertThat(err).contains("--out").contains("empty");
    try (var files = Files.list(cwd)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aSecondTrainerOnTheSameFolderIsRefused() throws Exception {
    Path out = tmp.resolve("run");
    // another process holds the folder: a child JVM must be refused by the OS lock
    try (RunFolder held = RunFolder.prepare(out)) {
      Files.writeString(out.resolve("model.npz"), "the other run's model");
      ProcessBuilder pb =
          JavaProcess.mnistNn(
              tmp.resolve("o.txt"),
              tmp.resolve("e.txt"),
              List.of(
                  "train",
                  "--quiet",
                  "--data",
                  data.toString(),
                  "--epochs",
                  "1",
                  "--out",
                  out.toString()));
      Process p = pb.start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(tmp.resolve("e.txt"));
      assertThat(p.exitValue()).as(err).isEqualTo(Main.EXIT_FAILURE);
      assertThat(err.lines().filter(l -> l.startsWith("error:")))
          .singleElement()
          .asString()
          .contains(out.toString(), "another `train`", "process " + ProcessHandle.current().pid());
      // and a second run in this JVM too
      Cli r = train(out);
      assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(r.errorLines()).singleElement().asString().contains("another `train`");
      assertThat(Files.readString(out.resolve("model.npz"))).isEqualTo("the other run's model");
    }
    Cli after = train(out);
    assertThat(after.code()).as("the lock is gone with its holder: " + after.err()).isZero();
    assertThat(out.resolve(".lock")).doesNotExist();
  }

  @Test
  void temporariesOfKilledRunsAreRemovedOnStart() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("run"));
    Path staleCheckpoint = Files.write(out.resolve(".checkpoint.npz.123456.part"), new byte[10]);
    Path staleModel = Files.write(out.resolve(".model.npz.987.part"), new byte[10]);
    Path probe = Files.write(out.resolve(".write-test42.tmp"), new byte[0]);
    Path mine = Files.writeString(out.resolve("notes.part"), "the user's own file");
    Cli r = train(out);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(staleCheckpoint).doesNotExist();
    assertThat(staleModel).doesNotExist();
    assertThat(probe).doesNotExist();
    assertThat(mine).exists();
  }

  @Test
  void aBusyPortLeavesNoEmptyRunFolder() throws Exception {
    Path out = tmp.resolve("runs/serve");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli r = train(out, "--serve", "--port", "" + busy.getLocalPort());
      assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(r.errorLines()).hasSize(1);
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void aRunThatDivergesBeforeItsFirstCheckpointLeavesNoEmptyFolder() {
    Path out = tmp.resolve("diverged");
    Cli r = train(out, "--lr", "100", "--reg", "10", "--epochs", "20", "--checkpoint-every", "0");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.errorLines()).singleElement().asString().contains("diverged");
    assertThat(out).doesNotExist();
  }

  @Test
  void aFolderThatExistedIsKeptEvenWhenEmpty() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("mine"));
    Cli r = train(out, "--lr", "100", "--reg", "10", "--epochs", "20", "--checkpoint-every", "0");
    assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(out).isEmptyDirectory();
  }
}
