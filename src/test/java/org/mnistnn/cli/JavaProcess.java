package org.mnistnn.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code mnist-nn} in a separate JVM with this test run's class path, as a user would. */
final class JavaProcess {
  private JavaProcess() {}

  /** The class path of the code under test (surefire may hide it behind a manifest-only jar). */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** A builder for {@code java … org.mnistnn.cli.Main args}, output and errors to files. */
  static ProcessBuilder mnistNn(Path out, Path err, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "--add-modules",
            "jdk.incubator.vector",
            "-Djava.awt.headless=true",
            "-Xmx512m",
            "-cp",
            classPath(),
            Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
  }

  /** Runs to the end (at most two minutes) and returns the exit code. */
  static int run(Path out, Path err, List<String> args) throws IOException, InterruptedException {
    Process p = mnistNn(out, err, args).start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mnist-nn " + args + " did not finish within two minutes");
    }
    return p.exitValue();
  }
}
