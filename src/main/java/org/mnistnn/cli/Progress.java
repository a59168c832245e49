package org.mnistnn.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mnistnn.training.TrainingListener;

/**
 * Shows training progress: a live progress bar (step, epoch, smoothed loss, ETA) on a terminal, or
 * a plain line per evaluation and per epoch when stderr is not a terminal (logs, CI).
 */
final class Progress {
  private Progress() {}

  static TrainingListener create(PrintWriter err) {
    return System.console() != null ? new Bar() : new Lines(err);
  }

  /** The interactive bar (me.tongfei:progressbar), drawn on stderr. */
  private static final class Bar implements TrainingListener {
    private ProgressBar bar;
    private long first;
    private double accuracy = Double.NaN;

    @Override
    public void started(long firstStep, long totalSteps, int epochs) {
      first = firstStep;
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(totalSteps - firstStep)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(250)
              .setMaxRenderedLength(110)
              .showSpeed()
              .setUnit(" steps", 1)
              .build();
    }

    @Override
    public void stepped(long step, int epoch, double smoothedLoss) {
      if (step % 10 == 0) {
        bar.stepTo(step - first);
        bar.setExtraMessage(
            String.format(
                Locale.ROOT,
                "epoch %d loss %.3f%s",
                epoch,
                smoothedLoss,
                Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, " acc %.4f", accuracy)));
      }
    }

    @Override
    public void evaluated(long step, int epoch, double testAccuracy) {
      accuracy = testAccuracy;
    }

    @Override
    public void finished() {
      if (bar != null) {
        bar.close();
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
