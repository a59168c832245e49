package org.mnistnn.plots;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.util.AtomicFiles;

/**
 * {@code weights.png}: the first-layer weights of every hidden unit — column j of W1 (D × H) —
 * drawn as a 28×28 tile. Each tile has its own symmetric scale ±max|w|, blue for weights that
 * excite the unit, red for weights that inhibit it, white for zero ({@link Colors#diverging}).
 */
public final class WeightsPlot {
  /** Pixels per weight, for networks up to {@link #LARGE} hidden units; 1 beyond. */
  public static final int SCALE = 3;

  /** Beyond this many hidden units tiles are drawn one pixel per weight, to bound the image. */
  public static final int LARGE = 400;

  /** Gap between tiles, in pixels. */
  public static final int GAP = 4;

  private WeightsPlot() {}

  /** Tiles per row: about square, at most 20 for the usual sizes. */
  public static int columns(int hidden) {
    int square = (int) Math.ceil(Math.sqrt(hidden));
    return Math.max(1, hidden > LARGE ? square : Math.min(20, square));
  }

  private static int scale(TwoLayerNet net) {
    return net.hidden > LARGE ? 1 : SCALE;
  }

  /** The tile of hidden unit {@code j} as an image {@code side·scale} pixels square. */
  public static BufferedImage tile(TwoLayerNet net, int j, int side) {
    int scale = scale(net);
    double max = 0;
    for (int p = 0; p < net.inputs; p++) {
      max = Math.max(max, Math.abs(net.W1[p * net.hidden + j]));
    }
    BufferedImage img = new BufferedImage(side * SCALE, side * SCALE, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < side * side; p++) {
      double w = p < net.inputs ? net.W1[p * net.hidden + j] : 0;
      int rgb = Colors.diverging(max == 0 ? 0 : w / max);
      int x = (p % side) * scale;
      int y = (p / side) * scale;
      for (int d = 0; d < scale * scale; d++) {
        img.setRGB(x + d % scale, y + d / scale, rgb);
      }
    }
    return img;
  }

  /** All hidden units as a grid of tiles on a white background. */
  public static BufferedImage draw(TwoLayerNet net) {
    int side = (int) Math.ceil(Math.sqrt(net.inputs));
    int cols = columns(net.hidden);
    int rows = (net.hidden + cols - 1) / cols;
    int cell = side * scale(net) + GAP;
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
