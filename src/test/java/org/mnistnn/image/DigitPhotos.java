package org.mnistnn.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Pictures of printed digits as a user might photograph or scan them: digits in the system fonts
 * Java2D finds, in the categories of {@link Kind}, each one seeded so a run is reproducible.
 */
final class DigitPhotos {
  /** Side of every picture, before any rotation. */
  static final int W = 240;

  static final int H = 260;

  /** What a picture looks like. */
  enum Kind {
    /** Near-black ink on white. */
    CLEAN,
    /** Grey ink on grey paper with sensor noise σ 0.03. */
    NOISE,
    /** CLEAN with a 3×3 speck of dust in a corner. */
    SPECK,
    /** Grey paper lit from one side, noise, a blur and a slight tilt. */
    PHOTO,
    /** Strokes several times as wide as the font's. */
    THICK,
    /** A JPEG stored sideways with EXIF orientation 6, as portrait phone photos are. */
    EXIF6
  }

  private static final List<String> PREFERRED =
      List.of(
          "DejaVu Sans",
          "DejaVu Serif",
          "Liberation Sans",
          "Liberation Serif",
          "Liberation Mono",
          "Nimbus Sans",
          "Nimbus Roman",
          "URW Gothic",
          "URW Bookman",
          "C059",
          "P052",
          "Noto Sans Mono");

  private DigitPhotos() {}

  /**
   * Ten fonts: the first ten of {@link #PREFERRED} that are installed, filled up with Java's
   * logical fonts (always present) in plain and bold.
   */
  static List<Font> fonts() {
    Set<String> installed =
        Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    List<Font> fonts = new ArrayList<>();
    for (String name : PREFERRED) {
      if (installed.contains(name) && fonts.size() < 10) {
        fonts.add(new Font(name, Font.PLAIN, 100));
      }
    }
    for (String logical : List.of("SansSerif", "Serif", "Monospaced", "Dialog", "DialogInput")) {
      for (int style : new int[] {Font.PLAIN, Font.BOLD}) {
        if (fonts.size() < 10) {
          fonts.add(new Font(logical, style, 100));
        }
      }
    }
    return fonts;
  }

  /** The encoded picture (PNG, or JPEG for {@link Kind#EXIF6}) of {@code digit} in {@code font}. */
  static byte[] encoded(Kind kind, Font font, int digit, long seed) {
    BufferedImage img = picture(kind, font, digit, new Random(seed));
    if (kind != Kind.EXIF6) {
      return Pictures.encode(img, "png");
    }
    return Exif.withOrientation(Pictures.encode(rotateLeft(img), "jpg"), 6);
  }

  /** The upright picture, as the user sees it. */
  static BufferedImage picture(Kind kind, Font font, int digit, Random rnd) {
    float[] cover = coverage(kind, font, digit, rnd);
    float[] g = new float[W * H];
    boolean grey = kind == Kind.NOISE || kind == Kind.PHOTO;
    float ink = grey ? 0.25f : 0.07f;
    double angle = rnd.nextDouble() * 2 * Math.PI;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        float paper = grey ? 0.72f : 1f;
        if (kind == Kind.PHOTO) {
          double t = ((x - W / 2.0) * Math.cos(angle) + (y - H / 2.0) * Math.sin(angle)) / W;
          paper = (float) (0.72 + 0.3 * t);
        }
        g[y * W + x] = paper + (ink - paper) * cover[y * W + x];
      }
    }
    if (kind == Kind.PHOTO) {
      g = blur(g);
    }
    if (kind == Kind.SPECK) {
      int cx = rnd.nextBoolean() ? 6 : W - 9;
      int cy = rnd.nextBoolean() ? 6 : H - 9;
      for (int y = cy; y < cy + 3; y++) {
        Arrays.fill(g, y * W + cx, y * W + cx + 3, ink);
      }
    }
    if (grey) {
      for (int i = 0; i < g.length; i++) {
        g[i] += (float) (0.03 * rnd.nextGaussian());
      }
    }
    return toImage(g);
  }

  /** How much of each pixel the glyph covers, 0..1, anti-aliased. */
  private static float[] coverage(Kind kind, Font font, int digit, Random rnd) {
    BufferedImage mask = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = mask.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    FontRenderContext frc = new FontRenderContext(null, true, true);
    Shape glyph = font.createGlyphVector(frc, String.valueOf(digit)).getOutline();
    Rectangle2D b = glyph.getBounds2D();
    double height = 110 + 50 * rnd.nextDouble();
    double s = height / b.getHeight();
    double tilt = kind == Kind.PHOTO ? Math.toRadians(-8 + 16 * rnd.nextDouble()) : 0;
    double cx = W / 2.0 + (rnd.nextDouble() - 0.5) * 40;
    double cy = H / 2.0 + (rnd.nextDouble() - 0.5) * 40;
    AffineTransform t = new AffineTransform();
    t.translate(cx, cy);
    t.rotate(tilt);
    t.scale(s, s);
    t.translate(-b.getCenterX(), -b.getCenterY());
    Shape placed = t.createTransformedShape(glyph);
    g.setColor(Color.WHITE);
    g.fill(placed);
    if (kind == Kind.THICK) {
      g.setStroke(
          new BasicStroke((float) (0.1 * height), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(placed);
    }
    g.dispose();
    float[] c = new float[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        c[y * W + x] = mask.getRaster().getSample(x, y, 0) / 255f;
      }
    }
    return c;
  }

  /** A 5×5 binomial blur, about σ 1 px: a slightly soft focus. */
  private static float[] blur(float[] g) {
    float[] k = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};
    float[] tmp = new float[g.length];
    float[] out = new float[g.length];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        float sum = 0;
        for (int j = -2; j <= 2; j++) {
          sum += k[j + 2] * g[y * W + Math.max(0, Math.min(W - 1, x + j))];
        }
        tmp[y * W + x] = sum;
      }
    }
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        float sum = 0;
        for (int j = -2; j <= 2; j++) {
          sum += k[j + 2] * tmp[Math.max(0, Math.min(H - 1, y + j)) * W + x];
        }
        out[y * W + x] = sum;
      }
    }
    return out;
  }

  private static BufferedImage toImage(float[] g) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int v = Math.round(Math.max(0f, Math.min(1f, g[y * W + x])) * 255f);
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return img;
  }

  /** {@code img} turned 90° anticlockwise: what a sensor held in portrait stores. */
  static BufferedImage rotateLeft(BufferedImage img) {
    BufferedImage out =
        new BufferedImage(img.getHeight(), img.getWidth(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        out.setRGB(y, img.getWidth() - 1 - x, img.getRGB(x, y));
      }
    }
    return out;
  }
}
