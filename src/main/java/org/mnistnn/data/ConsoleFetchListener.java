package org.mnistnn.data;

import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows downloads to a person: a live progress bar (me.tongfei:progressbar, on stderr) when there
 * is a terminal, else one plain line when a transfer starts and one when it ends, which reads well
 * in logs and CI.
 */
public final class ConsoleFetchListener implements FetchListener {
  private final Consumer<String> log;
  private final boolean terminal;
  private ProgressBar bar;
  private String task;
  private long bytes;
  private long startNanos;

  /**
   * @param log where notes and plain progress lines go (usually stderr)
   * @param terminal draw a live bar instead of plain lines
   */
  public ConsoleFetchListener(Consumer<String> log, boolean terminal) {
    this.log = log;
    this.terminal = terminal;
  }

  /** A bar when the process has a console, plain lines otherwise. */
  public static ConsoleFetchListener forConsole(Consumer<String> log) {
    return new ConsoleFetchListener(log, System.console() != null);
  }

  @Override
  public void note(String line) {
    log.accept(line);
  }

  @Override
  public void started(String task, long totalBytes) {
    this.task = task;
    bytes = 0;
    startNanos = System.nanoTime();
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(totalBytes)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" MB", 1_000_000)
              .setMaxRenderedLength(100)
              .showSpeed()
              .build();
    } else {
      log.accept(task + (totalBytes >= 0 ? " (" + megabytes(totalBytes) + ")" : "") + " ...");
    }
  }

  @Override
  public void advanced(long n) {
    bytes += n;
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  @Override
  public void finished() {
    if (bar != null) {
      bar.close();
      bar = null;
    } else if (task != null) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      log.accept(String.format(Locale.ROOT, "%s: %s in %.1f s", task, megabytes(bytes), seconds));
    }
    task = null;
  }

  static String megabytes(long n) {
    return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
  }
}
