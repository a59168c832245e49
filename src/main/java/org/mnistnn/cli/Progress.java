package org.mnistnn.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.mnistnn.training.TrainingListener;

/**
 * Shows training progress: a live progress bar (step, epoch, smoothed loss, accuracy, time left)
 * when stderr is a terminal, fitted to its width, or a plain line per evaluation and per epoch when
 * it is not (logs, CI, {@code train 2> train.log}).
 */
final class Progress {
  private Progress() {}

  static TrainingListener create(PrintWriter err) {
    StderrTerminal terminal = StderrTerminal.detect();
    return terminal != null ? new Bar(terminal) : new Lines(err);
  }

  /**
   * The interactive bar: me.tongfei:progressbar redraws it on stderr four times a second, one line
   * of {@link BarLine} as wide as the terminal is at that moment, less one column (so the cursor
   * never wraps onto the next row).
   */
  private static final class Bar implements TrainingListener {
    private final StderrTerminal terminal;
    private ProgressBar bar;
    private long first;
    private long last;
    private volatile int epoch;
    private volatile double loss = Double.NaN;
    private volatile double accuracy = Double.NaN;

    Bar(StderrTerminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public void started(long firstStep, long totalSteps, int epochs) {
      first = firstStep;
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(totalSteps - firstStep)
              .setUpdateIntervalMillis(250)
              .setRenderer(
                  (state, width) ->
                      BarLine.render(
                          state.getCurrent() - state.getStart(),
                          state.getMax() - state.getStart(),
                          state.getElapsedAfterStart(),
                          epoch,
                          loss,
                          accuracy,
                          width))
              .setConsumer(
                  new ConsoleProgressBarConsumer(System.err) {
                    // ProgressBar.close() cancels the periodic redraw without waiting for it and
                    // then runs one more; a redraw already under way also sees the bar closed, so
                    // both drew the last line and ended it: the bar printed twice. Only the first
                    // close counts (both run on the library's one drawing thread).
                    private volatile boolean closed;

                    @Override
                    public int getMaxRenderedLength() {
                      return terminal.columns() - 1;
                    }

                    @Override
                    public void accept(String rendered) {
                      if (!closed) {
                        super.accept(rendered);
                      }
                    }

                    @Override
                    public void close() {
                      if (!closed) {
                        closed = true;
                        super.close();
                      }
                    }
                  })
              .build();
    }

    @Override
    public void stepped(long step, int epoch, double smoothedLoss) {
      this.epoch = epoch;
      this.loss = smoothedLoss;
      last = step;
      if (step % 10 == 0) {
        bar.stepTo(step - first);
      }
    }

    @Override
    public void evaluated(long step, int epoch, double testAccuracy) {
      accuracy = testAccuracy;
      bar.stepTo(step - first);
    }

    @Override
    public void finished() {
      if (bar != null) {
        bar.stepTo(last - first);
        bar.close(); // draws the line once more, with the last step, loss and accuracy
      }
    }
  }

  /** Plain progress lines for logs. */
  private static final class Lines implements TrainingListener {
    private final PrintWriter err;
    private long total;
    private long first;
    private long startNanos;
    private double loss = Double.NaN;

    Lines(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void started(long firstStep, long totalSteps, int epochs) {
      first = firstStep;
      total = totalSteps;
      startNanos = System.nanoTime();
    }

    @Override
    public void stepped(long step, int epoch, double smoothedLoss) {
      loss = smoothedLoss;
    }

    @Override
    public void evaluated(long step, int epoch, double testAccuracy) {
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      double done = (double) (step - first) / Math.max(1, total - first);
      long eta = done > 0 ? Math.round(elapsed / done - elapsed) : 0;
      err.println(
          String.format(
              Locale.ROOT,
              "step %d/%d  epoch %d  loss %.4f  test accuracy %.4f  elapsed %.1fs  eta %s",
              step,
              total,
              epoch,
              loss,
              testAccuracy,
              elapsed,
              format(Duration.ofSeconds(eta))));
      err.flush();
    }

    @Override
    public void epochEnded(int epoch, double seconds, double testAccuracy) {
      err.println(
          String.format(
              Locale.ROOT,
              "epoch %d done in %.2fs, test accuracy %.4f",
              epoch,
              seconds,
              testAccuracy));
      err.flush();
    }

    private static String format(Duration d) {
      long s = d.getSeconds();
      return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
  }
}
