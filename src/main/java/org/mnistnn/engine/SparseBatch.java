package org.mnistnn.engine;

import org.mnistnn.data.InkedPixels;
import org.mnistnn.data.MnistDataset;

/**
 * The non-zero pixels of a batch, listed two ways. By image: image i's are {@code index[e],
 * value[e]} for {@code start[i] <= e < start[i+1]}, or, for a batch listed from a data set ({@code
 * pixels} not null), the data set's own lists: {@code pixels[first[i] + e - start[i]]} and {@code
 * values[...]}, raw bytes, for the same e. By pixel ({@link #transpose}): the {@code columns} inked
 * pixels {@code column[c]}, the images that inked pixel {@code column[c]} being {@code image[e]}
 * with values {@code columnValue[e]} for {@code columnStart[c] <= e < columnStart[c+1]}. An MNIST
 * image has about 150 inked pixels of 784, so the first layer's two products ({@code x · W1} by
 * image, the update of W1 by pixel) do a fifth of the dense work.
 */
final class SparseBatch {
  int rows;
  int[] start = new int[1];
  int[] index = new int[0];
  float[] value = new float[0];
  // for a batch of a data set: that set's lists of inked pixels; first[i]: where image i's start
  short[] pixels;
  byte[] values;
  int[] first = new int[0];

  int columns;
  int[] column = new int[0];
  int[] columnStart = new int[1];
  int[] image = new int[0];
  float[] columnValue = new float[0];
  private int[] count = new int[0];

  // kept so that the JIT does not drop the reads that bring the images' lines in
  @SuppressWarnings("unused")
  private int touched;

  /** Lists the non-zeros of the {@code n} rows of {@code x} (n × d), by image. */
  void list(float[] x, int n, int d) {
    ensure(n, n * d);
    pixels = null;
    values = null;
    int nnz = 0;
    for (int i = 0; i < n; i++) {
      start[i] = nnz;
      int row = i * d;
      for (int p = 0; p < d; p++) {
        float v = x[row + p];
        if (v != 0) {
          index[nnz] = p;
          value[nnz] = v;
          nnz++;
        }
      }
    }
    start[n] = nnz;
    rows = n;
  }

  /**
   * Lists the non-zeros of images {@code order[from .. from+n)} of {@code data} ({@code from ..
   * from+n} when {@code order} is null), by image: where each image's pixels begin in the data
   * set's own lists, which hold the values {@link MnistDataset#copyBatch} would give as bytes;
   * their labels go to {@code y}.
   */
  void list(MnistDataset data, int[] order, int from, int n, int[] y) {
    InkedPixels inked = data.inked();
    int[] starts = inked.starts();
    pixels = inked.pixels();
    values = inked.values();
    ensureImages(n);
    if (order == null) {
      // consecutive images: their lists follow each other
      for (int i = 0; i <= n; i++) {
        start[i] = starts[from + i] - starts[from];
        first[i] = starts[from + i];
      }
      for (int i = 0; i < n; i++) {
        y[i] = data.label(from + i);
      }
      rows = n;
      return;
    }
    int nnz = 0;
    int touched = 0;
    for (int i = 0; i < n; i++) {
      int img = order[from + i];
      int begin = starts[img];
      int end = starts[img + 1];
      start[i] = nnz;
      first[i] = begin;
      nnz += end - begin;
      // a read every 64 bytes of the pixels (and every 32 of the values): the images' lines then
      // come from memory together, not one image after another in the products
      for (int e = begin; e < end; e += 32) {
        touched += pixels[e] + values[e];
      }
      y[i] = data.label(img);
    }
    start[n] = nnz;
    this.touched = touched;
    rows = n;
  }

  /** Room for n images' starts. */
  private void ensureImages(int n) {
    if (start.length < n + 1) {
      start = new int[n + 1];
    }
    if (first.length < n + 1) {
      first = new int[n + 1];
    }
  }

  /** Room for n images with {@code nnz} non-zeros in all. */
  private void ensure(int n, int nnz) {
    if (start.length < n + 1) {
      start = new int[n + 1];
    }
    if (index.length < nnz) {
      // a quarter more than asked, so that a slightly denser batch does not allocate again
      int room = nnz + nnz / 4;
      index = new int[room];
      value = new float[room];
    }
  }

  /** Lists the same non-zeros by pixel, images in increasing order (a counting sort). */
  void transpose(int d) {
    if (count.length < d + 1) {
      count = new int[d + 1];
      column = new int[d + 1];
      columnStart = new int[d + 1];
    }
    java.util.Arrays.fill(count, 0, d + 1, 0);
    int nnz = start[rows];
    if (image.length < nnz) {
      int room = nnz + nnz / 4;
      image = new int[room];
      columnValue = new float[room];
    }
    if (pixels != null) {
      countInked();
    } else {
      for (int e = 0; e < nnz; e++) {
        count[index[e] + 1]++;
      }
    }
    int listed = 0;
    int at = 0;
    for (int p = 0; p < d; p++) {
      int c = count[p + 1];
      // written for every pixel and kept only for inked ones: no branch on the ink pattern
      column[listed] = p;
      columnStart[listed] = at;
      listed += c > 0 ? 1 : 0;
      count[p + 1] = at; // where pixel p's images go
      at += c;
    }
    columns = listed;
    columnStart[columns] = at;
    if (pixels != null) {
      placeInked();
      return;
    }
    for (int i = 0; i < rows; i++) {
      for (int e = start[i]; e < start[i + 1]; e++) {
        int slot = count[index[e] + 1]++;
        image[slot] = i;
        columnValue[slot] = value[e];
      }
    }
  }

  /** {@link #transpose}'s count of each pixel's images, from the data set's lists. */
  private void countInked() {
    for (int i = 0; i < rows; i++) {
      for (int e = first[i], end = e + start[i + 1] - start[i]; e < end; e++) {
        count[(pixels[e] & 0xFFFF) + 1]++;
      }
    }
  }

  /** {@link #transpose}'s placing of each image under its pixels, from the data set's lists. */
  private void placeInked() {
    for (int i = 0; i < rows; i++) {
      for (int e = first[i], end = e + start[i + 1] - start[i]; e < end; e++) {
        int slot = count[(pixels[e] & 0xFFFF) + 1]++;
        image[slot] = i;
        columnValue[slot] = MnistDataset.scaled(values[e]);
      }
    }
  }
}
