package org.mnistnn.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.mnistnn.augment.AugmentSeeds;
import org.mnistnn.augment.Augmenter;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Layers;

/**
 * Fills the training batches: copies the images (scaled to [0, 1]) and, when augmentation is on,
 * distorts each one with a generator seeded by (seed, epoch, image index) — never by the order in
 * which work happens — so the batches are the same on every run, resumed or not.
 *
 * <p>With augmentation, a helper thread prepares the next batch of the epoch while the trainer
 * works on the current one (distorting 16 images costs about as much as a training step). The
 * helper computes exactly what {@link #fill} would, so results do not depend on it.
 *
 * <p>Without augmentation, {@link #next} takes the batches from a {@link BatchesAhead}, which
 * copies and lists them on a second thread many steps ahead, when the machine has a second
 * processor. It starts with the second epoch of a run: during the first, the JIT compiler keeps the
 * second core busy (about 7 s of CPU for the kernels), and the helper's own code would run there
 * uncompiled at first. With the helper from the start, the first epoch of {@code train} took
 * 3.1–5.2 s against 2.2–3.2 s without (four alternating pairs on a noisy machine), so it waits.
 */
final class Batches implements AutoCloseable {
  private final MnistDataset data;
  private final Augmenter augmenter;
  private final long seed;
  private final float[] raw;
  // work space of fill(…, SparseRows, …) with augmentation: the distorted images
  private final float[] floats;
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
  // without augmentation: batches prepared ahead on a second thread (made on the first next call)
  private final IntFunction<int[]> orders;
  private final int batchSize;
  private final int stepWidth;
  private BatchesAhead ringAhead;
  // the helper's own copy of the order of the epoch it is in
  private int ringEpoch = -1;
  private int[] ringOrder;
  private long preparedAhead;
  // the epoch of the first next call: the helper starts with the epoch after it
  private int firstEpoch = -1;
  private boolean waitForHelper;

  /**
   * @param augmenter null for none
   * @param prefetch whether to prepare the next batch on a helper thread (only with augmentation)
   */
  Batches(MnistDataset data, Augmenter augmenter, long seed, int batchSize, boolean prefetch) {
    this(data, augmenter, seed, batchSize, prefetch, null, 0);
  }

  /**
   * @param augmenter null for none
   * @param prefetch whether to prepare batches on a helper thread: the next one with augmentation,
   *     many ahead ({@link BatchesAhead}) without, if {@code orders} is given
   * @param orders the order of the images in each epoch, as the trainer uses it (null: {@link
   *     #next} prepares nothing ahead)
   * @param stepWidth the width of the gradient the step multiplies by xᵀ (the hidden layer's), for
   *     {@link SparseRows#listColumnsForStep}
   */
  Batches(
      MnistDataset data,
      Augmenter augmenter,
      long seed,
      int batchSize,
      boolean prefetch,
      IntFunction<int[]> orders,
      int stepWidth) {
    this.data = data;
    this.batchSize = batchSize;
    this.stepWidth = stepWidth;
    this.orders = prefetch && augmenter == null && BatchesAhead.pays(batchSize) ? orders : null;
    this.augmenter = augmenter;
    this.seed = seed;
    int d = data.pixels();
    this.raw = new float[batchSize * d];
    this.floats = augmenter == null ? null : new float[batchSize * d];
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
   * Batch {@code b} of epoch {@code epoch}, images {@code order[b·batchSize ..)}, n of them, with
   * their labels in {@code y}: the rows to train on. Either a batch the helper prepared ahead, or
   * {@code x} filled here by {@link #fill(int, int[], int, int, SparseRows, int[])}; the same
   * entries either way. {@code order} must be what the constructor's {@code orders} gives for
   * {@code epoch}. The rows returned stay valid until the next call.
   */
  SparseRows next(int epoch, int[] order, int b, int n, SparseRows x, int[] y) {
    if (orders != null) {
      if (firstEpoch < 0) {
        firstEpoch = epoch;
      }
      long g = (long) epoch * stepsPerEpoch() + b;
      if (ringAhead == null && epoch > firstEpoch) {
        ringAhead = new BatchesAhead(this::fillAhead, batchSize, g);
      }
      SparseRows ready =
          ringAhead == null
              ? null
              : waitForHelper ? ringAhead.takeFromHelper(g, y) : ringAhead.take(g, y);
      if (ready != null) {
        return ready;
      }
    }
    fill(epoch, order, b * batchSize, n, x, y);
    return x;
  }

  /**
   * Whether {@link #next} waits for the helper to prepare each batch (true) rather than filling a
   * batch itself when the helper has not got to it (false, the default). The batches are the same
   * either way; true is for tests, which must know that the helper prepared them.
   */
  void setWaitForHelper(boolean waitForHelper) {
    this.waitForHelper = waitForHelper;
  }

  /** The helper preparing this run's batches ahead, or null while there is none. */
  BatchesAhead ahead() {
    return ringAhead;
  }

  /** How many batches {@link #next} took from the helper (counted at {@link #close}). */
  long preparedAhead() {
    return preparedAhead;
  }

  private int stepsPerEpoch() {
    return (data.count() + batchSize - 1) / batchSize;
  }

  /** Batch number g of the run (epochs one after the other), on the helper thread. */
  private boolean fillAhead(long g, SparseRows x, int[] y) {
    int epoch = (int) (g / stepsPerEpoch());
    int b = (int) (g % stepsPerEpoch());
    if (epoch != ringEpoch) {
      ringOrder = orders.apply(epoch);
      ringEpoch = epoch;
    }
    int from = b * batchSize;
    BatchesAhead.prepare(
        data, ringOrder, from, Math.min(batchSize, data.count() - from), stepWidth, x, y);
    return true;
  }

  /**
   * Lists the non-zero pixels of images {@code order[from .. from+n)} as seen in epoch {@code
   * epoch} into {@code x} (n × pixels), their labels into {@code y}: without augmentation copied
   * from every image's list of non-zero pixels, made once for the whole run ({@link
   * MnistDataset#copyNonZeros}: the entries {@link MnistDataset#listNonZeros} finds in the bytes,
   * the same floats as {@link MnistDataset#copyBatch}, at less than half the cost per batch), else
   * listed from the distorted float images, which differ every epoch.
   */
  void fill(int epoch, int[] order, int from, int n, SparseRows x, int[] y) {
    int d = data.pixels();
    if (augmenter == null) {
      data.copyNonZeros(order, from, n, x, y);
      return;
    }
    fill(epoch, order, from, n, floats, y);
    Layers.listNonZeros(floats, n, d, x);
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
    if (ringAhead != null) {
      ringAhead.close();
      preparedAhead += ringAhead.hits();
      ringAhead = null;
    }
    if (helper != null) {
      cancelPending();
      helper.shutdownNow();
    }
  }
}
