package org.mnistnn.image;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes pictures with ImageIO (PNG, JPEG, GIF, BMP, WBMP and whatever plug-ins add), checking the
 * size from the header before any pixel is decoded so a small file cannot claim a huge canvas.
 * Pictures over {@link #DECODE_PIXELS} are decoded at a reduced resolution (every s-th pixel of
 * every s-th row): a digit that ends up 20 px tall needs no more, and memory stays bounded. JPEGs
 * are turned upright by their Exif Orientation ({@link ExifOrientation}).
 */
public final class ImageFiles {
  /** The most pixels a picture may claim (16384 × 16384). */
  public static final long MAX_PIXELS = 16384L * 16384;

  /** Larger pictures are subsampled while decoding to at most this many pixels. */
  public static final long DECODE_PIXELS = 4L * 1024 * 1024;

  private ImageFiles() {}

  /**
   * Reads and decodes the picture in {@code file}. Only regular files are opened: opening a FIFO
   * would wait for a writer forever, and a directory or device is no picture.
   */
  public static BufferedImage read(Path file) {
    requireRegularFile(file);
    try (InputStream in = Files.newInputStream(file)) {
      return decode(in, file.toString(), MAX_PIXELS);
    } catch (NoSuchFileException e) {
      throw new ImageException(file + ": file not found", e);
    } catch (AccessDeniedException e) {
      throw new ImageException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new ImageException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Throws {@link ImageException} unless {@code file} is a regular file (links followed). */
  static void requireRegularFile(Path file) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ImageException(file + ": file not found", e);
    } catch (AccessDeniedException e) {
      throw new ImageException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new ImageException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (a.isDirectory()) {
      throw new ImageException(file + ": is a directory; give the pictures inside it");
    }
    if (!a.isRegularFile()) {
      throw new ImageException(
          file + ": is not a regular file (a pipe, socket or device); save the picture to a file");
    }
  }

  /** Decodes {@code bytes}; {@code where} names the picture in errors. */
  public static BufferedImage decode(byte[] bytes, String where, long maxPixels) {
    try {
      return decode(new ByteArrayInputStream(bytes), where, maxPixels);
    } catch (IOException e) {
      throw new ImageException(where + ": cannot decode the picture (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Decodes the picture in {@code raw} and turns it upright by its Exif Orientation (JPEG photos
   * from phones), which is read from the first bytes before ImageIO sees them.
   */
  private static BufferedImage decode(InputStream raw, String where, long maxPixels)
      throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, ExifOrientation.PREFIX);
    in.mark(ExifOrientation.PREFIX);
    byte[] head = in.readNBytes(ExifOrientation.PREFIX);
    in.reset();
    int orientation = ExifOrientation.of(head, head.length);
    return ExifOrientation.upright(decodeStored(in, where, maxPixels), orientation);
  }

  /** The picture as stored, with ImageIO. */
  private static BufferedImage decodeStored(InputStream in, String where, long maxPixels)
      throws IOException {
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
      if (readers == null || !readers.hasNext()) {
        throw new ImageException(
            where + ": not a picture ImageIO can read; use PNG, JPEG, GIF or BMP");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > maxPixels) {
          throw new ImageTooLargeException(
              where
                  + ": the picture is "
                  + w
                  + "×"
                  + h
                  + " pixels; the limit is "
                  + maxPixels
                  + " pixels, so scale it down first");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        if (w * h > DECODE_PIXELS) {
          int step = (int) Math.ceil(Math.sqrt((double) (w * h) / DECODE_PIXELS));
          param.setSourceSubsampling(step, step, 0, 0);
        }
        return reader.read(0, param);
      } catch (IOException | RuntimeException e) {
        if (e instanceof ImageException ie) {
          throw ie;
        }
        throw new ImageException(
            where + ": the " + reader.getFormatName() + " data is damaged (" + e.getMessage() + ")",
            e);
      } finally {
        reader.dispose();
      }
    }
  }
}
