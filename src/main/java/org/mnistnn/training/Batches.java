package org.mnistnn.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mnistnn.augment.AugmentSeeds;
import org.mnistnn.augment.Augmenter;
import org.mnistnn.data.MnistDataset;

/**
 * Fills the training batches: copies the images (scaled to [0, 1]) and, when augmentation is on,
 * distorts each one with a generator seeded by (seed, epoch, image index) — never by the order in
 * which work happens — so the batches are the same on every run, resumed or not.
 *
 * <p>With augmentation, a helper thread prepares the next batch of the epoch while the trainer
 * works on the current one (distorting an image costs more than training on it). The helper
 * computes exactly what {@link #fill} would, so results do not depend on it.
 */
final class Batches implements AutoCloseable {
  private final MnistDataset data;
  private final Augmenter augmenter;
  private final long seed;
  private final float[] raw;
  private final ExecutorService helper;
  // the batch being prepared ahead: its key and buffers
  private Future<?> pending;
  private int pendingEpoch = -1;
  private int[] pendingOrder;
  private int pendingFrom = -1;
  private int pendingCount;
  private final float[] aheadX;
  private final int[] aheadY;
  private final float[] aheadRaw;

  /**
   * @param augmenter null for none
   * @param prefetch whether to prepare the next batch on a helper thread (only with augmentation)
   */
  Batches(MnistDataset data, Augmenter augmenter, long seed, int batchSize, boolean prefetch) {
    this.data = data;
    this.augmenter = augmenter;
    this.seed = seed;
    int d = data.pixels();
    this.raw = new float[batchSize * d];
    boolean ahead = prefetch && augmenter != null;
    this.helper =
        ahead
            ? Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "augment-prefetch");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    this.aheadX = ahead ? new float[batchSize * d] : null;
    this.aheadY = ahead ? new int[batchSize] : null;
    this.aheadRaw = ahead ? new float[batchSize * d] : null;
  }

  /**
   * Whether the batches are distorted copies of the images; when not, a step may read the images
   * straight from the data set ({@link org.mnistnn.learn.Step#take(MnistDataset, int[], int, int,
   * float)}).
   */
  boolean augments() {
    return augmenter != null;
  }

  /**
   * Fills {@code x} (n × pixels) and {@code y} (n) with images {@code order[from .. from+n)} as
   * seen in epoch {@code epoch} (0-based), and starts on the next batch of the same size.
   */
  void fill(int epoch, int[] order, int from, int n, float[] x, int[] y) {
    if (helper == null) {
      prepare(epoch, order, from, n, x, y, raw);
      return;
    }
    if (pending != null
        && pendingEpoch == epoch
        && pendingOrder == order
        && pendingFrom == from
        && pendingCount == n) {
      await();
      System.arraycopy(aheadX, 0, x, 0, n * data.pixels());
      System.arraycopy(aheadY, 0, y, 0, n);
    } else {
      cancelPending();
      prepare(epoch, order, from, n, x, y, raw);
    }
    int next = from + n;
    int count = order == null ? data.count() : order.length;
    if (next < count) {
      int m = Math.min(n, count - next);
      pendingEpoch = epoch;
      pendingOrder = order;
      pendingFrom = next;
      pendingCount = m;
      pending = helper.submit(() -> prepare(epoch, order, next, m, aheadX, aheadY, aheadRaw));
    }
  }

  /** The batch itself: copy, then distort each image by its own generator. */
  private void prepare(
      int epoch, int[] order, int from, int n, float[] x, int[] y, float[] scratch) {
    if (augmenter == null) {
      data.copyBatch(order, from, n, x, y);
      return;
    }
    data.copyBatch(order, from, n, scratch, y);
    int d = data.pixels();
    for (int r = 0; r < n; r++) {
      int image = order == null ? from + r : order[from + r];
      augmenter.apply(scratch, r * d, x, r * d, AugmentSeeds.forImage(seed, epoch, image));
    }
  }

  private void await() {
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing a batch", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("preparing a batch failed", e.getCause());
    } finally {
      pending = null;
    }
  }

  private void cancelPending() {
    if (pending != null) {
      // let it finish (it writes only the look-ahead buffers) before they are reused
      try {
        pending.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // the batch is recomputed on this thread, which reports any real failure
      }
      pending = null;
    }
  }

  @Override
  public void close() {
    if (helper != null) {
      cancelPending();
      helper.shutdownNow();
    }
  }
}
