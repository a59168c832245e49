package org.mnistnn.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The Exif Orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment; Exif 2.32, §4.6.4)
 * and the turn or mirror that shows the picture upright. Phones store a portrait photo as the
 * sensor saw it, sideways, and say so in this tag: 6 means "turn 90° clockwise to view". ImageIO
 * ignores the tag, so without this a portrait photo of a 7 reaches the network on its side.
 *
 * <p>Only the JPEG segment headers and one IFD are read, every offset checked against the bytes at
 * hand; anything unexpected means "no orientation" (1), never an error.
 */
final class ExifOrientation {
  /** How many leading bytes of a file {@link #of} needs at most: APP1 segments are ≤ 64 KiB. */
  static final int PREFIX = 2 + 4 * 65_538;

  private ExifOrientation() {}

  /** The orientation 1..8 in the first {@code n} bytes of {@code b}, 1 when there is none. */
  static int of(byte[] b, int n) {
    if (n < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return 1;
    }
    int p = 2;
    while (p + 4 <= n && (b[p] & 0xFF) == 0xFF) {
      int marker = b[p + 1] & 0xFF;
      if (marker == 0xFF) {
        p++; // fill byte
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // image data: no more metadata segments
      }
      int len = u16(b, p + 2, false);
      if (len < 2) {
        return 1;
      }
      if (marker == 0xE1 && isExif(b, p + 4, n)) {
        return tiff(b, p + 10, Math.min(n, p + 2 + len));
      }
      p += 2 + len;
    }
    return 1;
  }

  private static boolean isExif(byte[] b, int p, int n) {
    byte[] sig = {'E', 'x', 'i', 'f', 0, 0};
    if (p + sig.length > n) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if (b[p + i] != sig[i]) {
        return false;
      }
    }
    return true;
  }

  /** The Orientation entry of IFD0 in the TIFF structure at {@code b[start, end)}. */
  private static int tiff(byte[] b, int start, int end) {
    if (start + 8 > end) {
      return 1;
    }
    boolean le;
    if (b[start] == 'I' && b[start + 1] == 'I') {
      le = true;
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      le = false;
    } else {
      return 1;
    }
    long ifd = u32(b, start + 4, le);
    if (u16(b, start + 2, le) != 42 || ifd < 8 || ifd > end - start - 2) {
      return 1;
    }
    int q = start + (int) ifd;
    int count = u16(b, q, le);
    for (int i = 0; i < count; i++) {
      int e = q + 2 + 12 * i;
      if (e + 12 > end) {
        return 1;
      }
      if (u16(b, e, le) == 0x0112) {
        int value = u16(b, e + 8, le);
        return u16(b, e + 2, le) == 3 && value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static int u16(byte[] b, int p, boolean le) {
    int a = b[p] & 0xFF;
    int c = b[p + 1] & 0xFF;
    return le ? a | c << 8 : a << 8 | c;
  }

  private static long u32(byte[] b, int p, boolean le) {
    long hi = u16(b, le ? p + 2 : p, le);
    long lo = u16(b, le ? p : p + 2, le);
    return hi << 16 | lo;
  }

  /**
   * {@code img} as it is meant to be seen under {@code orientation}: the stored pixel (x, y) of a w
   * × h picture goes to
   *
   * <pre>
   * 1 (x, y)   2 (w−x, y)   3 (w−x, h−y)   4 (x, h−y)
   * 5 (y, x)   6 (h−y, x)   7 (h−y, w−x)   8 (y, w−x)
   * </pre>
   */
  static BufferedImage upright(BufferedImage img, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    boolean swap = orientation >= 5;
    AffineTransform t =
        switch (orientation) {
          case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
          case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
          case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
          case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
          case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
          case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
          default -> new AffineTransform(0, -1, 1, 0, 0, w);
        };
    BufferedImage out =
        new BufferedImage(
            swap ? h : w,
            swap ? w : h,
            img.getColorModel().hasAlpha()
                ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    g.setComposite(AlphaComposite.Src);
    g.drawImage(img, t, null);
    g.dispose();
    return out;
  }
}
