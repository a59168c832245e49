package org.mnistnn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Layers;

/**
 * {@link ListingAhead} hands out exactly the batches the dataset lists directly, by rows and by
 * columns, whether the helper listed them ahead or the caller had to; passes on the helper's
 * failures; and stops its thread when closed.
 */
@Timeout(60)
class ListingAheadTest {
  private static final int SIDE = 6; // 36-pixel images keep the test fast
  private static final int OUT = 13;

  /** Images with about a fifth of their pixels inked, some with none. */
  private static MnistDataset dataset(int count, long seed) {
    Random rng = new Random(seed);
    byte[] images = new byte[count * SIDE * SIDE];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      boolean blank = rng.nextInt(7) == 0;
      for (int p = 0; p < SIDE * SIDE; p++) {
        images[i * SIDE * SIDE + p] =
            (byte) (!blank && rng.nextInt(5) == 0 ? 1 + rng.nextInt(255) : 0);
      }
      labels[i] = (byte) rng.nextInt(10);
    }
    return new MnistDataset(images, labels, count, SIDE, SIDE);
  }

  /** Both products over the batch, as bits: x·W (uses the rows) and xᵀ·dz (uses the columns). */
  private static float[][] products(SparseRows x, long seed) {
    Random rng = new Random(seed);
    int d = SIDE * SIDE;
    float[] w = new float[d * OUT];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    float[] dz = new float[x.rows() * OUT];
    for (int i = 0; i < dz.length; i++) {
      dz[i] = (float) rng.nextGaussian();
    }
    float[] z = new float[x.rows() * OUT];
    Layers.affineForward(x, w, new float[OUT], z, OUT);
    float[] dw = new float[d * OUT];
    Layers.affineWeightGradient(dz, x, dw, OUT);
    return new float[][] {z, dw};
  }

  private static void assertSameBatch(
      MnistDataset data, int[] order, int from, int n, SparseRows got, int[] gotY, String what) {
    SparseRows want = new SparseRows();
    int[] wantY = new int[n];
    data.listNonZeros(order, from, n, want, wantY);
    assertEquals(want.rows(), got.rows(), what + " rows");
    assertEquals(want.nonZeros(), got.nonZeros(), what + " non-zeros");
    float[][] a = products(want, from);
    float[][] b = products(got, from);
    assertArrayEquals(a[0], b[0], what + " x·W");
    assertArrayEquals(a[1], b[1], what + " xᵀ·dz");
    for (int i = 0; i < n; i++) {
      assertEquals(wantY[i], gotY[i], what + " label " + i);
    }
  }

  @Test
  void epochsOfBatchesAreListedAsTheDatasetListsThem() {
    MnistDataset data = dataset(203, 1); // the last batch of each size is partial
    for (int bs : new int[] {1, 16, 50, 203}) {
      try (ListingAhead ahead = new ListingAhead(data::listNonZeros, bs)) {
        for (int epoch = 0; epoch < 3; epoch++) {
          int[] order = Trainer.shuffleOrder(data.count(), 7, epoch);
          int steps = (data.count() + bs - 1) / bs;
          int[] y = new int[bs];
          for (int b = 0; b < steps; b++) {
            int m = Math.min(bs, data.count() - b * bs);
            int next = b + 1 < steps ? Math.min(bs, data.count() - (b + 1) * bs) : 0;
            SparseRows x = ahead.take(order, b * bs, m, y, next);
            assertSameBatch(
                data, order, b * bs, m, x, y, "bs " + bs + " epoch " + epoch + " batch " + b);
          }
        }
      }
    }
  }

  @Test
  void requestsOtherThanTheOneListedAheadAreListedOnTheSpot() {
    MnistDataset data = dataset(120, 2);
    int[] order = Trainer.shuffleOrder(data.count(), 3, 0);
    int[] other = Trainer.shuffleOrder(data.count(), 4, 0);
    int[] y = new int[10];
    try (ListingAhead ahead = new ListingAhead(data::listNonZeros, 10)) {
      SparseRows first = ahead.take(order, 0, 10, y, 10);
      assertSameBatch(data, order, 0, 10, first, y, "first");
      // skips the batch listed ahead (as a resumed run or a new epoch does)
      SparseRows x = ahead.take(order, 40, 10, y, 10);
      assertSameBatch(data, order, 40, 10, x, y, "skipped ahead");
      x = ahead.take(other, 50, 7, y, 0); // another order, a smaller batch, nothing next
      assertSameBatch(data, other, 50, 7, x, y, "other order");
      x = ahead.take(order, 60, 10, y, 10);
      assertSameBatch(data, order, 60, 10, x, y, "again");
      SparseRows next = ahead.take(order, 70, 10, y, 10); // the one listed ahead
      assertSameBatch(data, order, 70, 10, next, y, "listed ahead");
    }
  }

  @Test
  void theReturnedBatchStaysValidWhileTheNextIsListed() {
    MnistDataset data = dataset(64, 5);
    int[] order = Trainer.shuffleOrder(data.count(), 1, 0);
    int[] y = new int[16];
    try (ListingAhead ahead = new ListingAhead(data::listNonZeros, 16)) {
      SparseRows a = ahead.take(order, 0, 16, y, 16);
      float[][] before = products(a, 9);
      // give the helper time to list the next batch into the other buffer
      SparseRows b = null;
      for (int i = 0; i < 50; i++) {
        assertArrayEquals(before[0], products(a, 9)[0], "batch 0 while batch 1 is listed");
        Thread.onSpinWait();
      }
      b = ahead.take(order, 16, 16, y, 0);
      assertFalse(a == b, "the two batches share a buffer");
      assertSameBatch(data, order, 16, 16, b, y, "batch 1");
    }
  }

  @Test
  void aFailureOnTheHelperReachesTheCallerAndTheNextCallsWork() {
    MnistDataset data = dataset(40, 6);
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    ListingAhead.Source failingSecond =
        (order, from, n, x, y) -> {
          if (calls.incrementAndGet() == 2) {
            throw boom;
          }
          data.listNonZeros(order, from, n, x, y);
        };
    int[] y = new int[8];
    try (ListingAhead ahead = new ListingAhead(failingSecond, 8)) {
      ahead.take(null, 0, 8, y, 8); // call 1 on the caller; call 2 (batch 8..16) fails ahead
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ahead.take(null, 8, 8, y, 8));
      assertSame(boom, e);
      SparseRows x = ahead.take(null, 8, 8, y, 0); // listed on the spot this time
      assertSameBatch(data, null, 8, 8, x, y, "after the failure");
    }
  }

  @Test
  void closingStopsTheHelperThread() throws Exception {
    MnistDataset data = dataset(8, 7);
    Thread[] helper = new Thread[1];
    ListingAhead.Source source =
        (order, from, n, x, y) -> {
          helper[0] = Thread.currentThread();
          data.listNonZeros(order, from, n, x, y);
        };
    ListingAhead ahead = new ListingAhead(source, 4);
    int[] y = new int[4];
    ahead.take(null, 0, 4, y, 4);
    ahead.take(null, 4, 4, y, 0); // waits for the helper's listing of it
    Thread t = helper[0];
    assertEquals("listing-ahead", t.getName(), "the second batch was listed by the helper");
    ahead.close();
    t.join(5_000);
    assertFalse(t.isAlive(), "the helper thread still runs after close");
  }
}
