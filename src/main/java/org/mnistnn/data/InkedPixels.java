package org.mnistnn.data;

/**
 * The non-zero pixels of every image of a data set, image after image: image {@code i}'s are {@code
 * pixel[e]} with raw value {@code value[e] & 0xFF} (1–255) for {@code start[i] <= e < start[i+1]},
 * in increasing pixel order. An MNIST image has about 150 inked pixels of 784, so a reader that
 * skips zero pixels takes them from here instead of scanning every byte of every batch; the list
 * takes three bytes an inked pixel, about three fifths of the images' own size.
 *
 * <p>The arrays are shared, not copied: read them, never write them.
 */
public final class InkedPixels {
  private final int[] start;
  private final short[] pixel;
  private final byte[] value;

  private InkedPixels(int[] start, short[] pixel, byte[] value) {
    this.start = start;
    this.pixel = pixel;
    this.value = value;
  }

  /** Lists the non-zero bytes of {@code count} images of {@code d} bytes each. */
  static InkedPixels of(byte[] images, int count, int d) {
    if (d > Short.MAX_VALUE + 1) {
      throw new IllegalArgumentException("images of " + d + " pixels are too large to list");
    }
    int[] start = new int[count + 1];
    int nnz = 0;
    for (int i = 0; i < count; i++) {
      start[i] = nnz;
      for (int o = i * d, end = o + d; o < end; o++) {
        nnz += images[o] != 0 ? 1 : 0;
      }
    }
    start[count] = nnz;
    short[] pixel = new short[nnz];
    byte[] value = new byte[nnz];
    int e = 0;
    for (int i = 0; i < count; i++) {
      int o = i * d;
      for (int p = 0; p < d; p++) {
        byte b = images[o + p];
        if (b != 0) {
          pixel[e] = (short) p;
          value[e] = b;
          e++;
        }
      }
    }
    return new InkedPixels(start, pixel, value);
  }

  /** Where each image's list begins (count + 1 entries: the last is the total). */
  public int[] starts() {
    return start;
  }

  /** The pixel index (0 to D − 1, as an unsigned short) of each listed pixel. */
  public short[] pixels() {
    return pixel;
  }

  /** The raw byte of each listed pixel: {@code (value & 0xFF) / 255} is its value in [0, 1]. */
  public byte[] values() {
    return value;
  }
}
