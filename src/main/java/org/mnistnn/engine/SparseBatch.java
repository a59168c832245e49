package org.mnistnn.engine;

/**
 * The non-zero pixels of a batch, image by image: image i's are {@code index[k], value[k]} for
 * {@code start[i] <= k < start[i+1]}. An MNIST image has about 150 of 784, so the first layer's two
 * products ({@code x · W1} and {@code xᵀ · dz1}) do a fifth of the dense work over this list.
 */
final class SparseBatch {
  int rows;
  int[] start = new int[1];
  int[] index = new int[0];
  float[] value = new float[0];

  /** Lists the non-zeros of the {@code n} rows of {@code x} (n × d). */
  void list(float[] x, int n, int d) {
    if (start.length < n + 1) {
      start = new int[n + 1];
    }
    if (index.length < n * d) {
      // the worst case once, so that listing never has to check for room
      index = new int[n * d];
      value = new float[n * d];
    }
    int count = 0;
    for (int i = 0; i < n; i++) {
      start[i] = count;
      int row = i * d;
      for (int p = 0; p < d; p++) {
        float v = x[row + p];
        if (v != 0) {
          index[count] = p;
          value[count] = v;
          count++;
        }
      }
    }
    start[n] = count;
    rows = n;
  }
}
