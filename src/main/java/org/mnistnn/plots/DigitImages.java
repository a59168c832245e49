package org.mnistnn.plots;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.mnistnn.data.MnistDataset;

/** Turns digits into pictures. */
public final class DigitImages {
  private DigitImages() {}

  /** Image {@code i} of {@code data} as a grey picture, ink dark on white as people draw. */
  public static BufferedImage digit(MnistDataset data, int i, int scale) {
    int rows = data.rows();
    int cols = data.cols();
    BufferedImage img = new BufferedImage(cols * scale, rows * scale, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int v = 255 - data.pixel(i, r * cols + c);
        int rgb = (v << 16) | (v << 8) | v;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            img.setRGB(c * scale + dx, r * scale + dy, rgb);
          }
        }
      }
    }
    return img;
  }

  /** Encodes an image as PNG bytes. */
  public static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
