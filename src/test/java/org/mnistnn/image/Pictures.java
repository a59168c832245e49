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

  /**
   * A photo-like "2": grey pencil on unevenly lit grey paper, 360×260, off-centre to the right,
   * with a little sensor noise when {@code noisy}.
   */
  public static BufferedImage pencilTwo(boolean noisy) {
    int w = 360;
    int h = 260;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new java.awt.GradientPaint(0, 0, new Color(214, 210, 200), w, h, new Color(190, 186, 176)));
    g.fillRect(0, 0, w, h);
    java.awt.geom.Path2D two = new java.awt.geom.Path2D.Double();
    two.moveTo(205, 70);
    two.curveTo(225, 35, 290, 40, 292, 85);
    two.curveTo(294, 120, 240, 160, 200, 215);
    two.lineTo(300, 212);
    g.setColor(new Color(55, 55, 65));
    g.setStroke(new BasicStroke(13, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(two);
    g.dispose();
    java.util.Random noise = new java.util.Random(5);
    for (int y = 0; noisy && y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int d = (int) Math.round(noise.nextGaussian() * 4);
        int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xFF) + d));
        int gg = Math.max(0, Math.min(255, ((rgb >> 8) & 0xFF) + d));
        int b = Math.max(0, Math.min(255, (rgb & 0xFF) + d));
        img.setRGB(x, y, (r << 16) | (gg << 8) | b);
      }
    }
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
