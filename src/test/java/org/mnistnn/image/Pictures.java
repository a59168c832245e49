package org.mnistnn.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Hand-drawn test pictures: strokes with Java2D, anti-aliased like a browser canvas. */
public final class Pictures {
  private Pictures() {}

  /** A {@code w × h} opaque picture of {@code shape} stroked {@code width} px wide. */
  public static BufferedImage stroked(
      int w, int h, Shape shape, float width, Color ink, Color paper) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(paper);
    g.fillRect(0, 0, w, h);
    g.setColor(ink);
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(shape);
    g.dispose();
    return img;
  }

  /** Dark ink on white paper. */
  public static BufferedImage dark(int w, int h, Shape shape, float width) {
    return stroked(w, h, shape, width, new Color(17, 17, 17), Color.WHITE);
  }

  /** A picture that is {@code color} everywhere. */
  public static BufferedImage plain(int w, int h, Color color) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
