package org.mnistnn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.Training;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The engine reads a batch's images from the data set's list of inked pixels; that must be exactly
 * the batch {@link MnistDataset#copyBatch} gives: the same listed pixels and values, the same step
 * bit for bit, the same probabilities.
 */
class ImagesFromTheDataSetTest {
  /** Images with MNIST's sparsity, one of them blank and one fully inked (the extremes). */
  private static MnistDataset images(int count, long seed) {
    Random rng = new Random(seed);
    byte[] img = new byte[count * 784];
    byte[] lab = new byte[count];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 784; p++) {
        boolean inked = i == 1 || (i != 0 && rng.nextFloat() < 0.19f);
        img[i * 784 + p] = inked ? (byte) (1 + rng.nextInt(255)) : 0;
      }
      lab[i] = (byte) rng.nextInt(10);
    }
    return new MnistDataset(img, lab, count, 28, 28);
  }

  @Test
  void aBatchListedFromTheDataSetIsTheBatchListedFromItsPixels() {
    MnistDataset data = images(40, 1);
    int[] shuffled = Training.shuffle(40, 3, 0);
    // in a shuffled order, and in the data set's own (null: the evaluation's one pass)
    for (int[] range : new int[][] {{0, 16, 1}, {16, 7, 1}, {39, 1, 1}, {0, 16, 0}, {9, 23, 0}}) {
      int from = range[0];
      int n = range[1];
      int[] order = range[2] == 1 ? shuffled : null;
      float[] x = new float[n * 784];
      int[] y = new int[n];
      data.copyBatch(order, from, n, x, y);
      SparseBatch dense = new SparseBatch();
      dense.list(x, n, 784);
      SparseBatch listed = new SparseBatch();
      int[] labels = new int[n];
      listed.list(data, order, from, n, labels);
      int nnz = dense.start[n];
      assertThat(Arrays.copyOf(listed.start, n + 1))
          .containsExactly(Arrays.copyOf(dense.start, n + 1));
      // by image, the data set's own lists at each image's place
      for (int i = 0; i < n; i++) {
        for (int e = dense.start[i]; e < dense.start[i + 1]; e++) {
          int at = listed.first[i] + e - listed.start[i];
          assertThat(listed.pixels[at] & 0xFFFF).as("image %d", i).isEqualTo(dense.index[e]);
          assertThat(MnistDataset.scaled(listed.values[at])).isEqualTo(dense.value[e]);
        }
      }
      assertThat(labels).containsExactly(y);
      // and by pixel
      dense.transpose(784);
      listed.transpose(784);
      assertThat(listed.columns).isEqualTo(dense.columns);
      int c = dense.columns;
      assertThat(Arrays.copyOf(listed.column, c)).containsExactly(Arrays.copyOf(dense.column, c));
      assertThat(Arrays.copyOf(listed.columnStart, c + 1))
          .containsExactly(Arrays.copyOf(dense.columnStart, c + 1));
      assertThat(Arrays.copyOf(listed.image, nnz)).containsExactly(Arrays.copyOf(dense.image, nnz));
      assertThat(Arrays.copyOf(listed.columnValue, nnz))
          .containsExactly(Arrays.copyOf(dense.columnValue, nnz));
    }
  }

  @Test
  void stepsOnTheDataSetAreTheStepsOnCopiedBatchesBitForBit() {
    MnistDataset data = images(64, 2);
    TwoLayerNet start = TwoLayerNet.initialised(784, 100, 10, new Random(5));
    L2 l2 = new L2(1e-4f, true);
    FastStep copied = new FastStep(start.copy(), l2, 0f, false);
    FastStep listed = new FastStep(start.copy(), l2, 0f, false);
    int[] order = Training.shuffle(64, 4, 0);
    float[] x = new float[16 * 784];
    int[] y = new int[16];
    for (int from = 0; from < 64; from += 16) {
      data.copyBatch(order, from, 16, x, y);
      double a = copied.take(x, y, 16, 0.05f);
      double b = listed.take(data, order, from, 16, 0.05f);
      assertThat(b).isEqualTo(a);
    }
    TwoLayerNet p = copied.net();
    TwoLayerNet q = listed.net();
    assertThat(q.W1).containsExactly(p.W1);
    assertThat(q.b1).containsExactly(p.b1);
    assertThat(q.W2).containsExactly(p.W2);
    assertThat(q.b2).containsExactly(p.b2);
  }

  @Test
  void probabilitiesOfTheDataSetAreThoseOfCopiedImages() {
    MnistDataset data = images(30, 3);
    FastForward f = FastForward.of(TwoLayerNet.initialised(784, 100, 10, new Random(6)));
    float[] x = new float[30 * 784];
    int[] y = new int[30];
    data.copyBatch(null, 0, 30, x, y);
    float[] fromPixels = new float[30 * 10];
    f.probabilities(x, 30, fromPixels, 0);
    float[] fromList = new float[31 * 10];
    int[] labels = new int[30];
    f.probabilities(data, 0, 30, fromList, 10, labels);
    assertThat(Arrays.copyOfRange(fromList, 10, 310)).containsExactly(fromPixels);
    assertThat(labels).containsExactly(y);
  }
}
