package org.mnistnn.training;

import java.util.concurrent.locks.LockSupport;
import org.mnistnn.kernels.SparseRows;

/**
 * Lists the next batch's non-zero pixels on a second thread while the current batch trains.
 *
 * <p>At batch 16 a step takes about 100 µs, and about a quarter of it went to listing the batch:
 * reading 16 images' bytes from memory (they are picked at random from 47 MB, so most of them come
 * from main memory, not from a cache) and sorting the pixels by column for {@code xᵀ · dz1}. None
 * of that depends on the weights, so a helper thread does it for batch b + 1 while the caller
 * trains on batch b, and the caller only finds the batch ready. The lists are made by the same code
 * either way ({@link Source#list}), so training gives the same numbers, bit for bit.
 *
 * <p>Two buffers take turns: {@link #take} returns one and has the helper fill the other, so a
 * returned batch stays valid until the next call. Between requests the helper sleeps: waking it
 * costs tens of microseconds, but that wait overlaps the caller's step, which takes longer. (A
 * helper that spun instead, always ready, kept both cores busy and starved the JIT compiler: the
 * first two benchmark epochs took 0.6–0.9 s instead of 0.3 s.) When the request does not match what
 * was listed ahead (the first batch of an epoch, a resumed run), the caller lists the batch itself.
 *
 * <p>One caller thread. Closing stops the helper; it is a daemon thread, so it never holds up the
 * program's exit either.
 */
public final class ListingAhead implements AutoCloseable {
  /** Fills {@code x} and {@code y} with images {@code order[from .. from+n)}. */
  @FunctionalInterface
  public interface Source {
    void list(int[] order, int from, int n, SparseRows x, int[] y);
  }

  private final Source source;
  private final SparseRows[] rows = {new SparseRows(), new SparseRows()};
  private final int[][] labels;
  private final Thread helper;

  // The request: written by the caller, then published by the volatile write of `requested`.
  private int[] reqOrder;
  private int reqFrom;
  private int reqCount;
  private int reqSlot;
  private volatile long requested;
  // Written by the helper: the number of the last request it finished, and how it failed, if so.
  private volatile long finished;
  private volatile Throwable failure;
  private volatile boolean parked;
  private volatile boolean closed;

  // The caller's view: which slot the pending request fills, and its key.
  private int slot;
  private boolean pending;

  /**
   * @param source lists a batch (called on the helper thread and on the caller's)
   * @param batchSize the largest batch that will be asked for
   */
  public ListingAhead(Source source, int batchSize) {
    this.source = source;
    this.labels = new int[][] {new int[batchSize], new int[batchSize]};
    this.helper = new Thread(this::run, "listing-ahead");
    helper.setDaemon(true);
    helper.start();
  }

  /**
   * The batch of images {@code order[from .. from+n)}, listed by rows and by columns, with its
   * labels copied into {@code y}; then starts listing the batch after it (the next {@code
   * nextCount} images of {@code order}, none when 0). The returned rows are valid until the next
   * call.
   */
  public SparseRows take(int[] order, int from, int n, int[] y, int nextCount) {
    int use;
    if (pending && reqOrder == order && reqFrom == from && reqCount == n) {
      awaitHelper();
      use = reqSlot;
    } else {
      awaitHelper(); // the helper must not be writing a buffer the caller is about to use
      use = 1 - slot;
      source.list(order, from, n, rows[use], labels[use]);
      rows[use].prepareColumns();
    }
    System.arraycopy(labels[use], 0, y, 0, n);
    slot = use;
    pending = false;
    if (nextCount > 0) {
      reqOrder = order;
      reqFrom = from + n;
      reqCount = nextCount;
      reqSlot = 1 - use;
      pending = true;
      requested++; // volatile write: publishes the fields above
      if (parked) {
        LockSupport.unpark(helper);
      }
    }
    return rows[use];
  }

  /** Waits until the helper has finished the latest request; rethrows its failure. */
  private void awaitHelper() {
    while (finished != requested) {
      if (failure != null) {
        break;
      }
      Thread.yield(); // the helper may share this core with us (a busy machine)
    }
    Throwable t = failure;
    if (t != null) {
      failure = null;
      finished = requested;
      pending = false;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }

  private void run() {
    long done = 0;
    while (!closed) {
      long want = requested;
      if (want == done) {
        parked = true;
        if (requested == done && !closed) {
          LockSupport.parkNanos(this, 10_000_000L);
        }
        parked = false;
        continue;
      }
      try {
        source.list(reqOrder, reqFrom, reqCount, rows[reqSlot], labels[reqSlot]);
        rows[reqSlot].prepareColumns();
      } catch (Throwable t) {
        failure = t;
      }
      done = want;
      finished = want;
    }
  }

  /** Stops the helper (waits for it briefly). */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(helper);
    try {
      helper.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
