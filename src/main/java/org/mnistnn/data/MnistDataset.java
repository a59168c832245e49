package org.mnistnn.data;

import java.util.Objects;

/**
 * A set of labelled 28×28 grey-scale digits kept compactly as unsigned bytes.
 *
 * <p>{@code images} holds {@code count × rows × cols} bytes, image after image, row-major, 0 =
 * background (black) and 255 = ink (white) as in the IDX files. Pixels are scaled to [0, 1] only
 * when a batch is copied out with {@link #copyBatch}.
 */
public final class MnistDataset {
  private final byte[] images;
  private final byte[] labels;
  private final int count;
  private final int rows;
  private final int cols;
  private volatile InkedPixels inked;

  public MnistDataset(byte[] images, byte[] labels, int count, int rows, int cols) {
    this.images = Objects.requireNonNull(images, "images");
    this.labels = Objects.requireNonNull(labels, "labels");
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "bad dataset shape: count=" + count + " rows=" + rows + " cols=" + cols);
    }
    if ((long) count * rows * cols != images.length) {
      throw new IllegalArgumentException(
          "images hold "
              + images.length
              + " bytes but "
              + count
              + "×"
              + rows
              + "×"
              + cols
              + " were expected");
    }
    if (labels.length != count) {
      throw new IllegalArgumentException(
          "there are " + count + " images but " + labels.length + " labels");
    }
    this.count = count;
    this.rows = rows;
    this.cols = cols;
  }

  /** Number of images. */
  public int count() {
    return count;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Pixels per image ({@code rows × cols}, 784 for MNIST). */
  public int pixels() {
    return rows * cols;
  }

  /** The label (0–9) of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Raw pixel {@code p} (0–255) of image {@code i}. */
  public int pixel(int i, int p) {
    return images[i * pixels() + p] & 0xFF;
  }

  /** The raw bytes (shared, do not modify). */
  byte[] rawImages() {
    return images;
  }

  /** The raw labels (shared, do not modify). */
  byte[] rawLabels() {
    return labels;
  }

  /** A raw pixel byte (0–255) as the network sees it, in [0, 1]. */
  public static float scaled(byte raw) {
    return (raw & 0xFF) * (1f / 255f);
  }

  /**
   * Copies the images {@code order[from .. from+n)} into {@code x} (n × pixels), scaled to [0, 1],
   * and their labels into {@code y} (n).
   */
  public void copyBatch(int[] order, int from, int n, float[] x, int[] y) {
    int d = pixels();
    for (int r = 0; r < n; r++) {
      int img = order == null ? from + r : order[from + r];
      int src = img * d;
      int dst = r * d;
      for (int p = 0; p < d; p++) {
        x[dst + p] = scaled(images[src + p]);
      }
      y[r] = labels[img];
    }
  }

  /**
   * Copies the raw bytes (0–255) of images {@code [from, from+n)} into {@code pixels} (n × pixels)
   * and their labels into {@code y} (n): for readers that skip zero pixels before converting.
   */
  public void copyImageBytes(int from, int n, byte[] pixels, int[] y) {
    System.arraycopy(images, from * pixels(), pixels, 0, n * pixels());
    for (int r = 0; r < n; r++) {
      y[r] = labels[from + r];
    }
  }

  /**
   * Copies the raw bytes (0–255) of images {@code order[from .. from+n)} ({@code from .. from+n}
   * when {@code order} is null) into {@code pixels} (n × pixels) and their labels into {@code y}
   * (n): {@link #copyBatch} without the conversion to floats, for readers that skip zero pixels
   * before converting.
   */
  public void copyImageBytes(int[] order, int from, int n, byte[] pixels, int[] y) {
    int d = pixels();
    for (int r = 0; r < n; r++) {
      int img = order == null ? from + r : order[from + r];
      System.arraycopy(images, img * d, pixels, r * d, d);
      y[r] = labels[img];
    }
  }

  /**
   * The non-zero pixels of every image, listed on the first call (one pass over the bytes) and kept
   * for the next ones.
   */
  public InkedPixels inked() {
    InkedPixels listed = inked;
    if (listed == null) {
      synchronized (this) {
        listed = inked;
        if (listed == null) {
          listed = InkedPixels.of(images, count, pixels());
          inked = listed;
        }
      }
    }
    return listed;
  }

  /** Pixels that are not 0, over all images: one pass over the bytes, on each call. */
  public long nonZeroPixels() {
    long n = 0;
    for (byte b : images) {
      if (b != 0) {
        n++;
      }
    }
    return n;
  }

  /** A new dataset holding images {@code [from, to)} of this one (copies the bytes). */
  public MnistDataset slice(int from, int to) {
    if (from < 0 || to > count || from > to) {
      throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + count);
    }
    byte[] img = java.util.Arrays.copyOfRange(images, from * pixels(), to * pixels());
    byte[] lab = java.util.Arrays.copyOfRange(labels, from, to);
    return new MnistDataset(img, lab, to - from, rows, cols);
  }
}
