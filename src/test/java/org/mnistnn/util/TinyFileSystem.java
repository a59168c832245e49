package org.mnistnn.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small file system for tests of full and read-only disks: a tmpfs of a few hundred KB
 * mounted on a temporary folder. Mounting needs root with CAP_SYS_ADMIN; where that is missing the
 * test is skipped with the reason (the injected-failure tests cover the same code paths).
 */
public final class TinyFileSystem implements AutoCloseable {
  private final Path mountPoint;

  private TinyFileSystem(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code kilobytes} on {@code dir}, read-only when {@code readOnly}. */
  public static TinyFileSystem mount(Path dir, int kilobytes, boolean readOnly)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String opts = "size=" + kilobytes + "k" + (readOnly ? ",ro" : "");
    String result = run(List.of("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir.toString()));
    Assumptions.assumeTrue(
        result.isEmpty(),
        "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " + result.trim());
    return new TinyFileSystem(dir);
  }

  /** Remounts read-only, keeping the files. */
  public void makeReadOnly() throws IOException, InterruptedException {
    String result = run(List.of("mount", "-o", "remount,ro", mountPoint.toString()));
    if (!result.isEmpty()) {
      throw new IOException("remount read-only failed: " + result);
    }
  }

  public Path dir() {
    return mountPoint;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String result = run(List.of("umount", mountPoint.toString()));
    if (!result.isEmpty()) {
      throw new IOException("umount " + mountPoint + " failed: " + result);
    }
  }

  /** Runs a command; returns "" on success, else its output and exit code. */
  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return cmd.get(0) + " is not available: " + e.getMessage();
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return cmd + " timed out";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.exitValue() == 0 ? "" : out + " (exit " + p.exitValue() + ")";
  }
}
