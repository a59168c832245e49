package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.MnistFile;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.model.Npy;

/**
 * Small files and flag combinations that ask for more memory than the launcher's heap bound (1 GB)
 * holds are refused before anything is allocated, with one line, exit 1 (issue 19, points 2 and 3).
 * Each case runs in a child JVM with {@code -Xmx1g}, as {@code ./mnist-nn} runs.
 */
class MemoryLimitsTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 16, 1);
  }

  /** Runs mnist-nn in a JVM bounded like the launcher's, and returns its single error line. */
  private String refused(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        JavaProcess.mnistNn(tmp.resolve("o.txt"), tmp.resolve("e.txt"), List.of(args));
    List<String> cmd = new ArrayList<>(pb.command());
    cmd.replaceAll(a -> a.startsWith("-Xmx") ? "-Xmx1g" : a);
    cmd.add(1, "-XX:+UseSerialGC");
    Process p = pb.command(cmd).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(tmp.resolve("e.txt"));
    assertThat(p.exitValue()).as(err).isEqualTo(Main.EXIT_FAILURE);
    List<String> errors = err.lines().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).as(err).hasSize(1);
    assertThat(err).doesNotContain("\tat ").doesNotContain("OutOfMemoryError");
    return errors.get(0);
  }

  @Test
  void aSmallGzipWhoseHeaderClaimsHalfAGigabyteIsRefused() throws Exception {
    // 684,784 images of 28×28, all present: 537 MB inflated from a file of about half a megabyte
    Path f = data.resolve(MnistFile.TEST_IMAGES.fileName() + ".gz");
    Files.delete(data.resolve(MnistFile.TEST_IMAGES.fileName()));
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(f), 1 << 16))) {
      out.writeInt(0x0803);
      out.writeInt(684_784);
      out.writeInt(28);
      out.writeInt(28);
      writeZeros(out, 684_784L * 784);
    }
    assertThat(Files.size(f)).isLessThan(1 << 20);
    assertThat(refused("evaluate", "--model", model().toString(), "--data", data.toString()))
        .contains(f.toString(), "heap");
  }

  @Test
  void aModelWhoseW1InflatesBeyondTheHeapIsRefused() throws Exception {
    Path m = npz("wide.npz", 784, 80_000, 10);
    assertThat(Files.size(m)).isLessThan(2 << 20);
    assertThat(refused("evaluate", "--model", m.toString(), "--data", data.toString()))
        .contains("wide.npz", "heap");
  }

  @Test
  void aModelWith100000ClassesIsRefused() throws Exception {
    Path m = npz("classes.npz", 784, 100, 100_000);
    assertThat(refused("predict", "--model", m.toString(), "x.png"))
        .contains("classes.npz", "784-100-100000", "heap");
  }

  @Test
  void flagsThatTogetherExceedTheHeapAreRefusedBeforeTraining() throws Exception {
    Path out = tmp.resolve("run");
    assertThat(
            refused(
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--batch-size",
                "30000",
                "--hidden",
                "2000"))
        .contains("--batch-size 30000", "--hidden 2000", "heap");
    assertThat(
            refused(
                "train",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--batch-size",
                "60000",
                "--hidden",
                "4096"))
        .contains("--batch-size 60000", "--hidden 4096", "heap");
    assertThat(out).doesNotExist();
  }

  @Test
  void resumeKeepsTheHiddenCap() throws Exception {
    Path m = npz("big-hidden.npz", 784, 20_000, 10);
    assertThat(
            refused(
                "train",
                "--data",
                data.toString(),
                "--out",
                tmp.resolve("run").toString(),
                "--resume",
                m.toString()))
        .contains("big-hidden.npz", "20000 hidden units", "16384");
  }

  /** A small, valid model. */
  private Path model() throws IOException {
    return npz("small.npz", 784, 8, 10);
  }

  /** A D-H-C model of zeros, deflated, so that a huge network is a small file. */
  private Path npz(String name, int d, int h, int c) throws IOException {
    Path f = tmp.resolve(name);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
      zip.setLevel(Deflater.BEST_SPEED);
      entry(zip, "W1", d, h);
      entry(zip, "b1", 1, h);
      entry(zip, "W2", h, c);
      entry(zip, "b2", 1, c);
    }
    return f;
  }

  /** An entry holding a float32 (rows × cols) array of zeros, written without building it. */
  private static void entry(ZipOutputStream zip, String name, int rows, int cols)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name + ".npy"));
    byte[] header = Npy.floats(new float[0], rows, cols);
    zip.write(header); // the header of an array of that shape, and no data yet
    writeZeros(zip, 4L * rows * cols);
    zip.closeEntry();
  }

  private static void writeZeros(OutputStream out, long n) throws IOException {
    byte[] zeros = new byte[1 << 16];
    for (long left = n; left > 0; left -= zeros.length) {
      out.write(zeros, 0, (int) Math.min(zeros.length, left));
    }
  }
}
