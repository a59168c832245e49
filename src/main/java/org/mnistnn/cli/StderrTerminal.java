package org.mnistnn.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Whether the stream the progress display writes to, stderr, is a terminal, and how wide it is.
 * {@link System#console()} cannot tell: it asks about stdin and stdout, so {@code train 2> log} in
 * a terminal would still get a redrawn bar in its log. The answer comes from the launcher when it
 * runs us (our stderr is then its filter's pipe, and it passes the terminal device in {@value
 * #TTY_PROPERTY}, empty when its stderr is not a terminal), else from {@code test -t 2}; the width
 * from {@code stty size}, asked again at most once a second so that a resized window is followed.
 */
final class StderrTerminal {
  /** The system property through which the launcher names the terminal behind our stderr. */
  static final String TTY_PROPERTY = "mnistnn.stderr.tty";

  /** The width assumed when the terminal does not say. */
  static final int DEFAULT_COLUMNS = 80;

  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  // the terminal device, or null for our own file descriptor 2
  private final String device;
  private int columns;
  private long checkedAt;

  private StderrTerminal(String device) {
    this.device = device;
  }

  /** The terminal behind stderr, or null when stderr is a file, a pipe or nothing. */
  static StderrTerminal detect() {
    return detect(System.getProperty(TTY_PROPERTY));
  }

  /** {@link #detect()} with the launcher's answer given ({@code null}: not run by the launcher). */
  static StderrTerminal detect(String launcherTty) {
    if (launcherTty != null) {
      return launcherTty.isBlank() ? null : new StderrTerminal(launcherTty);
    }
    return shell("test -t 2") != null ? new StderrTerminal(null) : null;
  }

  /** The terminal's width in columns (at least 20), {@value #DEFAULT_COLUMNS} when unknown. */
  synchronized int columns() {
    long now = System.nanoTime();
    if (columns == 0 || now - checkedAt > RECHECK_NANOS) {
      columns = Math.max(20, parseColumns(size()));
      checkedAt = now;
    }
    return columns;
  }

  /** The columns in {@code stty size}'s answer ("rows columns"), or the default. */
  static int parseColumns(String sttySize) {
    if (sttySize != null) {
      String[] parts = sttySize.trim().split("\\s+");
      if (parts.length == 2 && parts[1].matches("[0-9]{1,5}") && Integer.parseInt(parts[1]) > 0) {
        return Integer.parseInt(parts[1]);
      }
    }
    return DEFAULT_COLUMNS;
  }

  private String size() {
    if (device == null) {
      return shell("stty size <&2 2>/dev/null");
    }
    return run(
        new ProcessBuilder("stty", "size")
            .redirectInput(new File(device))
            .redirectError(ProcessBuilder.Redirect.DISCARD));
  }

  /** Runs {@code command} with our stderr; its output when it succeeds, else null. */
  private static String shell(String command) {
    return run(
        new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT));
  }

  private static String run(ProcessBuilder pb) {
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null; // no sh or stty: not a terminal we can draw on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
