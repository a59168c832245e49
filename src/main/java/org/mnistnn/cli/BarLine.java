package org.mnistnn.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of the training progress bar, fitted to a width: the bar and percentage always, then as
 * many of the facts as fit, most useful first — steps done, epoch, smoothed loss, test accuracy,
 * time left, speed — so a narrow terminal loses the speed before the loss, and the line never
 * wraps.
 *
 * <pre>
 * train  42% │██████████▌              │ 15750/37500 · epoch 5 · loss 0.123 · acc 0.9712 · 0:11 left · 1875 steps/s
 * </pre>
 */
final class BarLine {
  private static final String BLOCKS = " ▏▎▍▌▋▊▉█";
  private static final String SEP = " · ";
  private static final int MIN_BAR = 10;

  private BarLine() {}

  /**
   * The line for {@code done} of {@code total} steps after {@code elapsed}, at most {@code width}
   * characters wide; {@code epoch} ≤ 0, {@code loss} or {@code accuracy} NaN leave that fact out.
   */
  static String render(
      long done, long total, Duration elapsed, int epoch, double loss, double accuracy, int width) {
    double fraction = total <= 0 ? 0 : Math.min(1, Math.max(0, (double) done / total));
    String head = String.format(Locale.ROOT, "train %3d%% │", (int) Math.floor(fraction * 100));
    List<String> facts = facts(done, total, elapsed, epoch, loss, accuracy);
    // drop the least useful facts until the bar keeps MIN_BAR cells
    while (!facts.isEmpty() && width - head.length() - tail(facts).length() - 1 < MIN_BAR) {
      facts.remove(facts.size() - 1);
    }
    String tail = tail(facts);
    int cells = Math.max(1, width - head.length() - tail.length() - 1);
    return head + bar(fraction, cells) + "│" + tail;
  }

  private static List<String> facts(
      long done, long total, Duration elapsed, int epoch, double loss, double accuracy) {
    List<String> facts = new ArrayList<>();
    facts.add(done + "/" + total);
    if (epoch > 0) {
      facts.add("epoch " + epoch);
    }
    if (!Double.isNaN(loss)) {
      facts.add(String.format(Locale.ROOT, "loss %.3f", loss));
    }
    if (!Double.isNaN(accuracy)) {
      facts.add(String.format(Locale.ROOT, "acc %.4f", accuracy));
    }
    double seconds = elapsed.toNanos() / 1e9;
    if (done > 0 && seconds > 0) {
      if (done < total) {
        facts.add(clock(Math.round(seconds * (total - done) / done)) + " left");
      }
      facts.add(String.format(Locale.ROOT, "%.0f steps/s", done / seconds));
    }
    return facts;
  }

  private static String tail(List<String> facts) {
    return facts.isEmpty() ? "" : " " + String.join(SEP, facts);
  }

  /** {@code cells} characters, the first {@code fraction} of them filled, to an eighth of one. */
  private static String bar(double fraction, int cells) {
    int eighths = (int) Math.floor(fraction * cells * 8);
    StringBuilder sb = new StringBuilder(cells);
    for (int i = 0; i < cells; i++) {
      int e = Math.min(8, Math.max(0, eighths - 8 * i));
      sb.append(BLOCKS.charAt(e));
    }
    return sb.toString();
  }

  /** m:ss, or h:mm:ss from an hour up. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
        : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
