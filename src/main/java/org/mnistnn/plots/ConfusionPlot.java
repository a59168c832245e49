package org.mnistnn.plots;

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
import org.mnistnn.eval.ConfusionMatrix;
import org.mnistnn.util.AtomicFiles;

/**
 * {@code confusion.png}: the confusion matrix as a heat map, rows the true digit, columns the
 * predicted one, each cell shaded by its share of its row (so small classes read as clearly as big
 * ones) and labelled with its count.
 */
public final class ConfusionPlot {
  private static final int CELL = 44;
  private static final int MARGIN = 56;

  /** Height of one line of the class legend. */
  private static final int LEGEND = 18;

  private ConfusionPlot() {}

  /** The share of row {@code t}'s images that landed in column {@code p}. */
  public static double rowShare(ConfusionMatrix m, int t, int p) {
    int row = 0;
    for (int q = 0; q < m.classes(); q++) {
      row += m.count(t, q);
    }
    return row == 0 ? 0 : (double) m.count(t, p) / row;
  }

  /** Draws the heat map of digits. */
  public static BufferedImage draw(ConfusionMatrix m) {
    return draw(m, DataSet.DIGITS);
  }

  /**
   * Draws the heat map; the axes are numbered, and when the classes are not the digits a legend
   * below names them.
   */
  public static BufferedImage draw(ConfusionMatrix m, List<String> classes) {
    int c = m.classes();
    int size = MARGIN + c * CELL + 12;
    boolean legend = !classes.equals(DataSet.DIGITS);
    int height = legend ? size + LEGEND * ((c + 1) / 2) + 8 : size;
    BufferedImage img = new BufferedImage(size, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, size, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int t = 0; t < c; t++) {
      for (int p = 0; p < c; p++) {
        // A square root lifts the rare confusions out of the white without hiding the diagonal.
        int rgb = Colors.sequential(Math.sqrt(rowShare(m, t, p)));
        int x = MARGIN + p * CELL;
        int y = MARGIN + t * CELL;
        g.setColor(new Color(rgb));
        g.fillRect(x, y, CELL - 1, CELL - 1);
        g.setColor(Colors.needsLightText(rgb) ? Color.WHITE : Color.DARK_GRAY);
        String s = Integer.toString(m.count(t, p));
        g.drawString(s, x + (CELL - fm.stringWidth(s)) / 2, y + CELL / 2 + fm.getAscent() / 2 - 2);
      }
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    fm = g.getFontMetrics();
    for (int k = 0; k < c; k++) {
      String s = Integer.toString(k);
      g.drawString(s, MARGIN + k * CELL + (CELL - fm.stringWidth(s)) / 2, MARGIN - 8);
      g.drawString(s, MARGIN - 16, MARGIN + k * CELL + CELL / 2 + fm.getAscent() / 2 - 2);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int k = 0; legend && k < c; k++) {
      String name = k + " " + (k < classes.size() ? classes.get(k) : "");
      g.drawString(name, MARGIN + (k % 2) * (c * CELL / 2), size + LEGEND * (k / 2) + 12);
    }
    g.drawString("predicted →", MARGIN, 18);
    g.rotate(-Math.PI / 2);
    g.drawString("← true", -(MARGIN + 60), 18);
    g.dispose();
    return img;
  }

  /** Writes {@code confusion.png} atomically. */
  public static void write(ConfusionMatrix m, List<String> classes, Path file) throws IOException {
    AtomicFiles.write(file, DigitImages.png(draw(m, classes)));
  }
}
