package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code download --data DIR} on folders that need no network: another data set of the MNIST layout
 * (used with a note, exit 0) and a path that is not a folder (one line, exit 1).
 */
class DownloadCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static byte[] idx(byte[] data, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(0x0800 | dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  private void writeOtherDataSet(Path dir) throws IOException {
    Random rnd = new Random(5);
    byte[] train = new byte[4 * 784];
    byte[] test = new byte[2 * 784];
    rnd.nextBytes(train);
    rnd.nextBytes(test);
    Files.createDirectories(dir);
    Files.write(dir.resolve("train-images-idx3-ubyte"), idx(train, 4, 28, 28));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new byte[] {1, 2, 3, 4}, 4));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), idx(test, 2, 28, 28));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new byte[] {9, 0}, 2));
  }

  @Test
  void otherDataSetIsReportedAndAccepted() throws IOException {
    Path dir = tmp.resolve("letters");
    writeOtherDataSet(dir);
    assertThat(run("download", "--data", dir.toString())).isEqualTo(Main.EXIT_OK);
    assertThat(out.toString())
        .contains("nothing to fetch")
        .contains("not MNIST: 4 file(s) differ")
        .contains("4 training and 2 test images of 28×28");
    assertThat(err.toString()).contains("differ from the MNIST checksums");
  }

  @Test
  void pathThatIsNotAFolderFailsWithOneLine() throws IOException {
    Path file = Files.write(tmp.resolve("f"), new byte[1]);
    assertThat(run("download", "--data", file.toString())).isEqualTo(Main.EXIT_FAILURE);
    assertThat(err.toString().strip())
        .isEqualTo("error: " + file + " is not a folder; pass --data with a folder");
    assertThat(out.toString()).isEmpty();
  }
}
