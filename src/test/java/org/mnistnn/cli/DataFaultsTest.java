package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.MnistFile;
import org.mnistnn.data.SyntheticMnist;

/**
 * Data files that are damaged, unreadable, empty or not files at all: one line that says what is
 * wrong, exit 1 (issue 19, points 9 and 10).
 */
class DataFaultsTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 16, 1);
  }

  private List<String> args(String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--quiet",
                "--data",
                data.toString(),
                "--out",
                tmp.resolve("run").toString(),
                "--epochs",
                "1",
                "--hidden",
                "8"));
    a.addAll(Arrays.asList(extra));
    return a;
  }

  private static String onlyError(Cli r, int code) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.errorLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("unexpected");
    return r.errorLines().get(0);
  }

  private Cli train(String... extra) {
    return Cli.run(args(extra).toArray(String[]::new));
  }

  @Test
  void aGzipCutBeforeItsTrailerIsCalledTruncated() throws IOException {
    Path f = data.resolve(MnistFile.TEST_IMAGES.fileName());
    byte[] gz = SyntheticMnist.gzip(Files.readAllBytes(f));
    Files.delete(f);
    Path cut = data.resolve(MnistFile.TEST_IMAGES.fileName() + ".gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length - 8));
    assertThat(onlyError(train(), 1))
        .contains(cut.toString(), "truncated gzip")
        .doesNotContain("null");
  }

  @Test
  void aFolderInPlaceOfADataFileIsNamedAsSuch() throws IOException {
    Path f = data.resolve(MnistFile.TRAIN_LABELS.fileName());
    Files.delete(f);
    Files.createDirectory(f);
    assertThat(onlyError(train(), 1))
        .contains(f.toString(), "is a folder")
        .doesNotContain("missing");
  }

  @Test
  void aFifoInPlaceOfADataFileIsRefusedWithoutHanging() throws Exception {
    Path f = data.resolve(MnistFile.TEST_LABELS.fileName());
    Files.delete(f);
    Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
    Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "no mkfifo");
    Cli r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> train());
    assertThat(onlyError(r, 1)).contains(f.toString(), "not a regular file");
  }

  @Test
  void aSymlinkLoopInPlaceOfADataFileIsNamedAsSuch() throws IOException {
    Path f = data.resolve(MnistFile.TEST_IMAGES.fileName());
    Files.delete(f);
    Files.createSymbolicLink(f, f.getFileName());
    assertThat(onlyError(train(), 1))
        .contains(f.toString(), "symbolic links")
        .doesNotContain("missing");
  }

  @Test
  void noTestImagesIsAnErrorNotAnAccuracyOfZero() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("no-test"), 64, 0, 1);
    String line = onlyError(train(), 1);
    assertThat(line).contains("t10k-images", "no images", "test set");
  }

  @Test
  void noTrainingImagesIsNamedAsSuch() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("no-train"), 0, 16, 1);
    assertThat(onlyError(train(), 1))
        .contains("train-images", "no images")
        .doesNotContain("--validation");
  }

  @Test
  void aValidationThatLeavesLessThanABatchIsBadUsage() {
    // 64 images at batch 16: holding out 63 would train on one image
    assertThat(onlyError(train("--validation", "63"), 2))
        .contains("--validation 63", "leaves 1", "--batch-size 16");
    assertThat(train("--validation", "48").code()).isZero();
  }

  @Test
  void anUnreadableFileSaysPermissionDenied() throws Exception {
    Path f = data.resolve(MnistFile.TRAIN_IMAGES.fileName());
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    String line = onlyError(runWithoutPermissionOverride(), 1);
    assertThat(line).contains(f.toString(), "permission denied");
  }

  @Test
  void anUnreadableFolderSaysPermissionDenied() throws Exception {
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("---------"));
    try {
      String line = onlyError(runWithoutPermissionOverride(), 1);
      assertThat(line).contains(data.toString(), "permission denied").doesNotContain("not there");
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Runs {@link #args} in a child JVM for which file permissions apply: root reads every file, so
   * as root the child runs without the capabilities that override them (setpriv).
   */
  private Cli runWithoutPermissionOverride() throws IOException, InterruptedException {
    ProcessBuilder pb = JavaProcess.mnistNn(tmp.resolve("o.txt"), tmp.resolve("e.txt"), args());
    if ("root".equals(System.getProperty("user.name"))) {
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/setpriv")),
          "running as root, and setpriv (util-linux) is missing to drop CAP_DAC_OVERRIDE");
      List<String> cmd =
          new ArrayList<>(
              List.of("/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search"));
      cmd.addAll(pb.command());
      pb.command(cmd);
    }
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Cli(
        p.exitValue(),
        Files.readString(tmp.resolve("o.txt")),
        Files.readString(tmp.resolve("e.txt")));
  }
}
