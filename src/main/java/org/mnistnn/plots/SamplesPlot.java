package org.mnistnn.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.util.AtomicFiles;

/**
 * {@code samples.png}: a grid of test digits, each titled "predicted: N"; a wrong prediction is
 * framed and titled in red with the true label.
 */
public final class SamplesPlot {
  private static final int SCALE = 4;
  static final int TITLE = 18;
  static final int PAD = 8;

  private SamplesPlot() {}

  /** Draws the first {@code rows × cols} test digits with their predictions. */
  public static BufferedImage draw(MnistDataset test, Evaluator.Result result, int rows, int cols) {
    return draw(test, result, rows, cols, DataSet.DIGITS);
  }

  /** As {@link #draw(MnistDataset, Evaluator.Result, int, int)}, titled with class names. */
  public static BufferedImage draw(
      MnistDataset test, Evaluator.Result result, int rows, int cols, List<String> classes) {
    boolean digits = classes.equals(DataSet.DIGITS);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    int n = Math.min(rows * cols, test.count());
    String[] titles = new String[n];
    for (int i = 0; i < n; i++) {
      int pred = result.predicted()[i];
      int truth = result.actual()[i];
      titles[i] =
          "predicted: "
              + name(classes, pred)
              + (pred != truth ? " (true " + name(classes, truth) + ")" : "");
    }
    // as wide as the longest title, so that no title runs into the next cell ("T-shirt/top (true
    // Ankle boot)" needs about 230 px)
    int cell = Math.max(test.cols() * SCALE, Math.max(digits ? 130 : 0, widest(titles, font) + 4));
    int cellH = test.rows() * SCALE;
    int w = cols * (cell + PAD) + PAD;
    int h = rows * (cellH + TITLE + PAD) + PAD;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(font);
    for (int i = 0; i < n; i++) {
      int x = PAD + (i % cols) * (cell + PAD);
      int y = PAD + (i / cols) * (cellH + TITLE + PAD);
      int pred = result.predicted()[i];
      int truth = result.actual()[i];
      boolean wrong = pred != truth;
      g.setColor(wrong ? new Color(200, 0, 0) : Color.BLACK);
      g.drawString(titles[i], x, y + TITLE - 5);
      g.drawImage(
          DigitImages.digit(test, i, SCALE), x + (cell - test.cols() * SCALE) / 2, y + TITLE, null);
      if (wrong) {
        g.setStroke(new BasicStroke(3f));
        g.drawRect(x - 1, y + TITLE - 1, cell + 1, cellH + 1);
      }
    }
    g.dispose();
    return out;
  }

  /** Writes {@code samples.png} (4 rows × 8 columns) atomically. */
  public static void write(
      MnistDataset test, Evaluator.Result result, List<String> classes, Path file)
      throws IOException {
    AtomicFiles.write(file, DigitImages.png(draw(test, result, 4, 8, classes)));
  }

  /** The width in pixels of the widest of {@code titles} in {@code font}. */
  private static int widest(String[] titles, Font font) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    FontMetrics m = g.getFontMetrics(font);
    int w = 0;
    for (String t : titles) {
      w = Math.max(w, m.stringWidth(t));
    }
    g.dispose();
    return w;
  }

  private static String name(List<String> classes, int k) {
    return k >= 0 && k < classes.size() ? classes.get(k) : String.valueOf(k);
  }
}
