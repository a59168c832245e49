package org.mnistnn.plots;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.util.AtomicFiles;

/**
 * {@code weights.png}: the first-layer weights of every hidden unit — column j of W1 (D × H) —
 * drawn as a 28×28 tile. Each tile has its own symmetric scale ±max|w|, red for weights that excite
 * the unit, blue for weights that inhibit it, white for zero.
 */
public final class WeightsPlot {
  /** Pixels per weight. */
  public static final int SCALE = 3;

  /** Gap between tiles, in pixels. */
  public static final int GAP = 4;

  private WeightsPlot() {}

  /** Tiles per row: about square, at most 20. */
  public static int columns(int hidden) {
    return Math.max(1, Math.min(20, (int) Math.ceil(Math.sqrt(hidden))));
  }

  /** The tile of hidden unit {@code j} as an image {@code side·SCALE} pixels square. */
  public static BufferedImage tile(TwoLayerNet net, int j, int side) {
    double max = 0;
    for (int p = 0; p < net.inputs; p++) {
      max = Math.max(max, Math.abs(net.W1[p * net.hidden + j]));
    }
    BufferedImage img = new BufferedImage(side * SCALE, side * SCALE, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < side * side; p++) {
      double w = p < net.inputs ? net.W1[p * net.hidden + j] : 0;
      int rgb = Colors.diverging(max == 0 ? 0 : w / max);
      int x = (p % side) * SCALE;
      int y = (p / side) * SCALE;
      for (int d = 0; d < SCALE * SCALE; d++) {
        img.setRGB(x + d % SCALE, y + d / SCALE, rgb);
      }
    }
    return img;
  }

  /** All hidden units as a grid of tiles on a white background. */
  public static BufferedImage draw(TwoLayerNet net) {
    int side = (int) Math.ceil(Math.sqrt(net.inputs));
    int cols = columns(net.hidden);
    int rows = (net.hidden + cols - 1) / cols;
    int cell = side * SCALE + GAP;
    BufferedImage out =
        new BufferedImage(cols * cell + GAP, rows * cell + GAP, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int j = 0; j < net.hidden; j++) {
      g.drawImage(tile(net, j, side), GAP + (j % cols) * cell, GAP + (j / cols) * cell, null);
    }
    g.dispose();
    return out;
  }

  /** Writes {@code weights.png} atomically. */
  public static void write(TwoLayerNet net, Path file) throws IOException {
    AtomicFiles.write(file, DigitImages.png(draw(net)));
  }
}
