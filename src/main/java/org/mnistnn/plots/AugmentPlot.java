package org.mnistnn.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.mnistnn.augment.AugmentSeeds;
import org.mnistnn.augment.Augmenter;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.util.AtomicFiles;

/**
 * {@code augment.png}: a few training digits, each followed by the distorted versions the network
 * sees in its first epochs (the same generator seeds training uses).
 */
public final class AugmentPlot {
  private static final int SCALE = 4;
  private static final int PAD = 6;
  private static final int HEADER = 18;

  private AugmentPlot() {}

  /**
   * Draws images {@code images} of {@code data}, each as the original and its augmentation in
   * epochs 1 .. {@code epochs}, and writes the PNG atomically.
   */
  public static void write(
      MnistDataset data, int[] images, Augmenter augmenter, long seed, int epochs, Path file)
      throws IOException {
    int rows = data.rows();
    int cols = data.cols();
    int cell = cols * SCALE + PAD;
    int width = (epochs + 1) * cell + PAD;
    int height = HEADER + images.length * (rows * SCALE + PAD) + PAD;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString("original", PAD, HEADER - 5);
    for (int e = 1; e <= epochs; e++) {
      g.drawString("epoch " + e, PAD + e * cell, HEADER - 5);
    }
    int d = data.pixels();
    float[] src = new float[d];
    float[] dst = new float[d];
    int[] label = new int[1];
    for (int k = 0; k < images.length; k++) {
      data.copyBatch(new int[] {images[k]}, 0, 1, src, label);
      int top = HEADER + k * (rows * SCALE + PAD);
      draw(img, src, rows, cols, PAD, top);
      for (int e = 1; e <= epochs; e++) {
        augmenter.apply(src, 0, dst, 0, AugmentSeeds.forImage(seed, e - 1, images[k]));
        draw(img, dst, rows, cols, PAD + e * cell, top);
      }
    }
    g.dispose();
    AtomicFiles.write(file, DigitImages.png(img));
  }

  /** Ink dark on white, as in samples.png. */
  private static void draw(BufferedImage img, float[] x, int rows, int cols, int left, int top) {
    for (int r = 0; r < rows * SCALE; r++) {
      for (int c = 0; c < cols * SCALE; c++) {
        float v = x[(r / SCALE) * cols + c / SCALE];
        int grey = 255 - Math.round(Math.max(0f, Math.min(1f, v)) * 255);
        img.setRGB(left + c, top + r, (grey << 16) | (grey << 8) | grey);
      }
    }
  }
}
