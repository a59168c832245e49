package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.kernels.SparseByteRows;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.kernels.SparseRowsAssert;
import org.mnistnn.training.Trainer;

/**
 * Training's batches copied from every image's lists made once ({@link MnistDataset#copyNonZeros})
 * are the batches listed from the bytes ({@link MnistDataset#listNonZeros}): the same entries, the
 * same floats, the same labels, for every batch of shuffled epochs, the last batch partial, images
 * without ink included; on the real MNIST too.
 */
class CopyNonZerosTest {

  @Property(tries = 60)
  void everyBatchOfAShuffledEpochIsTheListedBatch(
      @ForAll @IntRange(min = 1, max = 90) int count,
      @ForAll @IntRange(min = 1, max = 40) int batch,
      @ForAll long seed) {
    Random rng = new Random(seed);
    MnistDataset data = withBlankImages(rng, count);
    SparseRows listed = new SparseRows();
    SparseRows copied = new SparseRows();
    int[] yListed = new int[batch];
    int[] yCopied = new int[batch];
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] order = Trainer.shuffleOrder(count, seed, epoch);
      for (int from = 0; from < count; from += batch) {
        int n = Math.min(batch, count - from);
        data.listNonZeros(order, from, n, listed, yListed);
        data.copyNonZeros(order, from, n, copied, yCopied);
        SparseRowsAssert.assertSameLists(listed, copied);
        assertThat(java.util.Arrays.copyOf(yCopied, n))
            .containsExactly(java.util.Arrays.copyOf(yListed, n));
      }
    }
    // in place, without an order
    int n = Math.min(batch, count);
    data.listNonZeros(null, count - n, n, listed, yListed);
    data.copyNonZeros(null, count - n, n, copied, yCopied);
    SparseRowsAssert.assertSameLists(listed, copied);
  }

  /** A whole shuffled epoch of the real training set at batch 16, and at 128 (last batch: 96). */
  @Test
  void realMnistEpochsAreTheListedOnes() {
    MnistDataset train = TestData.mnist().train();
    SparseByteRows lists = train.nonZeroLists();
    assertThat(lists.rows()).isEqualTo(60_000);
    // MNIST's training set has this many non-zero pixels (19.1% of 47,040,000)
    assertThat(lists.nonZeros()).isEqualTo(8_994_156);
    SparseRows listed = new SparseRows();
    SparseRows copied = new SparseRows();
    for (int batch : new int[] {16, 128}) {
      int[] yListed = new int[batch];
      int[] yCopied = new int[batch];
      int[] order = Trainer.shuffleOrder(train.count(), 4, batch);
      int batches = 0;
      for (int from = 0; from < train.count(); from += batch) {
        int n = Math.min(batch, train.count() - from);
        train.listNonZeros(order, from, n, listed, yListed);
        train.copyNonZeros(order, from, n, copied, yCopied);
        SparseRowsAssert.assertSameRows(listed, copied);
        assertThat(java.util.Arrays.copyOf(yCopied, n))
            .containsExactly(java.util.Arrays.copyOf(yListed, n));
        batches++;
      }
      assertThat(batches).isEqualTo((train.count() + batch - 1) / batch);
    }
  }

  /** The lists are made once, on the first call, whichever thread makes it. */
  @Test
  void listsAreMadeOnceAndShared() throws Exception {
    MnistDataset data = withBlankImages(new Random(2), 500);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<SparseByteRows>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(data::nonZeroLists);
      }
      List<Future<SparseByteRows>> made = pool.invokeAll(calls);
      for (Future<SparseByteRows> f : made) {
        assertThat(f.get()).isSameAs(data.nonZeroLists());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(data.slice(0, 500).nonZeroLists()).isNotSameAs(data.nonZeroLists());
  }

  /** Synthetic digits with every third image blank (all zero: no ink, an empty row). */
  private static MnistDataset withBlankImages(Random rng, int count) {
    MnistDataset d = SyntheticMnist.dataset(count, rng.nextLong());
    byte[] images = d.rawImages().clone();
    int pixels = d.pixels();
    for (int i = 0; i < count; i += 3) {
      java.util.Arrays.fill(images, i * pixels, (i + 1) * pixels, (byte) 0);
    }
    // the synthetic noise is dense; make most of the rest background, as in MNIST
    for (int p = 0; p < images.length; p++) {
      if ((images[p] & 0xFF) < 30) {
        images[p] = 0;
      }
    }
    return new MnistDataset(images, d.rawLabels(), count, d.rows(), d.cols());
  }
}
