package org.mnistnn.engine;

import org.mnistnn.data.InkedPixels;
import org.mnistnn.data.MnistDataset;

/**
 * The non-zero pixels of a batch, listed two ways. By image: image i's are {@code index[e],
 * value[e]} for {@code start[i] <= e < start[i+1]}. By pixel ({@link #transpose}): the {@code
 * columns} inked pixels {@code column[c]}, the images that inked pixel {@code column[c]} being
 * {@code image[e]} with values {@code columnValue[e]} for {@code columnStart[c] <= e <
 * columnStart[c+1]}. An MNIST image has about 150 inked pixels of 784, so the first layer's two
 * products ({@code x · W1} by image, the update of W1 by pixel) do a fifth of the dense work.
 */
final class SparseBatch {
  int rows;
  int[] start = new int[1];
  int[] index = new int[0];
  float[] value = new float[0];

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
   * from+n} when {@code order} is null), by image, from the data set's own list, with the values
   * {@link MnistDataset#copyBatch} would give; their labels go to {@code y}.
   */
  void list(MnistDataset data, int[] order, int from, int n, int[] y) {
    InkedPixels inked = data.inked();
    if (order == null) {
      listRange(data, inked, from, n, y);
      return;
    }
    int[] starts = inked.starts();
    short[] pixels = inked.pixels();
    byte[] values = inked.values();
    int total = 0;
    int touched = 0;
    for (int i = 0; i < n; i++) {
      int img = order == null ? from + i : order[from + i];
      int first = starts[img];
      int end = starts[img + 1];
      total += end - first;
      // a read every 64 bytes of the pixels (and every 32 of the values): the images' lines then
      // come from memory together, not one image after another while listing
      for (int e = first; e < end; e += 32) {
        touched += pixels[e] + values[e];
      }
    }
    this.touched = touched;
    ensure(n, total);
    int nnz = 0;
    for (int i = 0; i < n; i++) {
      int img = order == null ? from + i : order[from + i];
      start[i] = nnz;
      for (int e = starts[img], end = starts[img + 1]; e < end; e++) {
        index[nnz] = pixels[e] & 0xFFFF;
        value[nnz] = MnistDataset.scaled(values[e]);
        nnz++;
      }
      y[i] = data.label(img);
    }
    start[n] = nnz;
    rows = n;
  }

  /**
   * {@link #list(MnistDataset, int[], int, int, int[])} of images {@code from .. from+n}, whose
   * non-zeros follow each other in the data set's list: one pass over them all, not one short loop
   * an image.
   */
  private void listRange(MnistDataset data, InkedPixels inked, int from, int n, int[] y) {
    int[] starts = inked.starts();
    short[] pixels = inked.pixels();
    byte[] values = inked.values();
    int first = starts[from];
    int total = starts[from + n] - first;
    ensure(n, total);
    for (int i = 0; i <= n; i++) {
      start[i] = starts[from + i] - first;
    }
    for (int e = 0; e < total; e++) {
      index[e] = pixels[first + e] & 0xFFFF;
    }
    for (int e = 0; e < total; e++) {
      value[e] = MnistDataset.scaled(values[first + e]);
    }
    for (int i = 0; i < n; i++) {
      y[i] = data.label(from + i);
    }
    rows = n;
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
      image = new int[index.length];
      columnValue = new float[index.length];
    }
    for (int e = 0; e < nnz; e++) {
      count[index[e] + 1]++;
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
    for (int i = 0; i < rows; i++) {
      for (int e = start[i]; e < start[i + 1]; e++) {
        int slot = count[index[e] + 1]++;
        image[slot] = i;
        columnValue[slot] = value[e];
      }
    }
  }
}
