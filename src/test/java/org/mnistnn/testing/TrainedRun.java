package org.mnistnn.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.mnistnn.TestData;
import org.mnistnn.cli.Main;
import picocli.CommandLine;

/**
 * One real training run (`train --epochs 1 --seed 1`), made once per test JVM through the command
 * line and shared by the tests that inspect its folder: the end-to-end accuracy, the model file and
 * the browser test of report.html. The data comes from {@link TestData}.
 */
public final class TrainedRun {
  /** What the run left behind. */
  public record Result(Path folder, int exitCode, String stdout, String stderr) {
    public Path file(String name) {
      return folder.resolve(name);
    }

    /** The number on the last line, {@code test accuracy: 0.xxxx}. */
    public double reportedAccuracy() {
      String[] lines = stdout.strip().split("\n");
      String last = lines[lines.length - 1].strip();
      if (!last.startsWith("test accuracy: ")) {
        throw new AssertionError("last line is not the accuracy: " + last);
      }
      return Double.parseDouble(last.substring("test accuracy: ".length()));
    }
  }

  private static Result result;

  private TrainedRun() {}

  /** The run, trained on first use. */
  public static synchronized Result get() {
    if (result == null) {
      TestData.mnist();
      try {
        Path dir = Files.createTempDirectory("mnistnn-run-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Path folder = dir.resolve("run");
        int code =
            cl.execute(
                "train", "--epochs", "1", "--seed", "1", "--quiet", "--out", folder.toString());
        result = new Result(folder, code, out.toString(), err.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leftover temporary files are harmless.
    }
  }
}
