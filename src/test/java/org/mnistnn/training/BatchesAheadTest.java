package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mnistnn.kernels.SparseRows;

/**
 * The ring of batches prepared on a helper thread: a batch taken is the one asked for, a batch in
 * use is never overwritten, and the helper neither blocks the trainer nor outlives {@code close}.
 * Batch g is recognisable by its shape: {@code 8 + g} columns, {@code 1 + g % 3} rows, labels
 * {@code 10·g + r}.
 */
class BatchesAheadTest {
  /** The batch size that gives a ring of two slots, the smallest, where reuse comes soonest. */
  private static final int TWO_SLOTS = BatchesAhead.RING_IMAGES / 2;

  private static boolean fillBatch(long g, SparseRows x, int[] y) {
    int m = 1 + (int) (g % 3);
    int k = 8 + (int) g;
    byte[] a = new byte[m * k];
    for (int r = 0; r < m; r++) {
      a[r * k + r] = (byte) (1 + r);
      y[r] = (int) (10 * g + r);
    }
    x.listBytes(a, m, k, 1f / 255f);
    return true;
  }

  private static void assertIsBatch(SparseRows x, int[] y, long g) {
    int m = 1 + (int) (g % 3);
    assertThat(x.cols()).as("columns of batch %d", g).isEqualTo(8 + g);
    assertThat(x.rows()).isEqualTo(m);
    assertThat(x.nonZeros()).isEqualTo(m);
    for (int r = 0; r < m; r++) {
      assertThat(y[r]).isEqualTo(10 * g + r);
    }
  }

  /** Asks for batch g until the helper has it (the trainer would fill it itself instead). */
  private static SparseRows await(BatchesAhead ring, long g, int[] y) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      SparseRows x = ring.take(g, y);
      if (x != null) {
        return x;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("batch " + g + " not ready after 10 s");
  }

  /** Waits (up to 10 s) until {@code n} reaches {@code value}. */
  private static void awaitValue(java.util.function.LongSupplier n, long value)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (n.getAsLong() < value) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + n.getAsLong() + " after 10 s, waited for " + value);
      }
      Thread.sleep(1);
    }
  }

  @Test
  void everyBatchTakenIsTheOneAskedForThroughManyRoundsOfTheRing() throws Exception {
    int[] y = new int[TWO_SLOTS];
    try (BatchesAhead ring = new BatchesAhead(BatchesAheadTest::fillBatch, TWO_SLOTS, 0)) {
      assertThat(ring.slots()).isEqualTo(2);
      for (long g = 0; g < 60; g++) {
        assertIsBatch(await(ring, g, y), y, g);
      }
      assertThat(ring.failure()).isNull();
    }
  }

  @Test
  void theBatchInUseIsNotOverwrittenAndTheHelperStopsWhenTheRingIsFull() throws Exception {
    AtomicLong highest = new AtomicLong(-1);
    int[] y = new int[TWO_SLOTS];
    try (BatchesAhead ring =
        new BatchesAhead(
            (g, x, yy) -> {
              highest.accumulateAndGet(g, Math::max);
              return fillBatch(g, x, yy);
            },
            TWO_SLOTS,
            0)) {
      SparseRows x = await(ring, 5, y);
      // batches 5 and 6 fill the two slots; 7 would overwrite the batch in use
      awaitValue(highest::get, 6);
      Thread.sleep(100); // time for the helper to go further, which it must not
      assertThat(highest.get()).isEqualTo(6);
      assertIsBatch(x, y, 5);
      SparseRows next = await(ring, 6, y);
      assertIsBatch(next, y, 6);
      awaitValue(highest::get, 7); // the slot of 5 is free now
      Thread.sleep(50);
      assertThat(highest.get()).isEqualTo(7);
    }
  }

  @Test
  void theHelperSkipsToWhereTheTrainerIs() throws Exception {
    AtomicInteger fills = new AtomicInteger();
    int[] y = new int[16];
    try (BatchesAhead ring =
        new BatchesAhead(
            (g, x, yy) -> {
              fills.incrementAndGet();
              return fillBatch(g, x, yy);
            },
            16,
            0)) {
      assertIsBatch(await(ring, 1000, y), y, 1000);
      assertThat(fills.get()).isLessThan(1000);
    }
  }

  @Test
  void aFailingSourceLeavesEveryLaterBatchToTheTrainer() throws Exception {
    int[] y = new int[16];
    IllegalStateException boom = new IllegalStateException("boom");
    try (BatchesAhead ring =
        new BatchesAhead(
            (g, x, yy) -> {
              if (g == 3) {
                throw boom;
              }
              return fillBatch(g, x, yy);
            },
            16,
            0)) {
      for (long g = 0; g < 3; g++) {
        assertIsBatch(await(ring, g, y), y, g);
      }
      Thread.sleep(100);
      long missesBefore = ring.misses();
      assertThat(ring.take(3, y)).isNull();
      assertThat(ring.take(4, y)).isNull();
      assertThat(ring.failure()).isSameAs(boom);
      assertThat(ring.misses() - missesBefore).isEqualTo(2);
    }
  }

  @Test
  void theHelperEndsWithTheSourceAndCloseReturnsPromptly() throws Exception {
    AtomicInteger fills = new AtomicInteger();
    int[] y = new int[16];
    BatchesAhead ring =
        new BatchesAhead(
            (g, x, yy) -> {
              fills.incrementAndGet();
              return g < 4 && fillBatch(g, x, yy);
            },
            16,
            0);
    for (long g = 0; g < 4; g++) {
      assertIsBatch(await(ring, g, y), y, g);
    }
    awaitValue(fills::get, 5); // batches 0-3 and the one that said there is none
    assertThat(ring.take(4, y)).isNull();
    assertThat(ring.hits()).isEqualTo(4);
    assertTimeoutPreemptively(Duration.ofSeconds(5), ring::close);
    Thread.sleep(50);
    assertThat(fills.get()).isEqualTo(5);
  }

  @Test
  void closeStopsAHelperThatWaitsForRoom() throws Exception {
    AtomicInteger fills = new AtomicInteger();
    BatchesAhead ring =
        new BatchesAhead(
            (g, x, yy) -> {
              fills.incrementAndGet();
              return fillBatch(g, x, yy);
            },
            TWO_SLOTS,
            0);
    awaitValue(fills::get, 2); // the ring is full (two batches): the helper waits for room
    assertTimeoutPreemptively(Duration.ofSeconds(5), ring::close);
    Thread.sleep(50);
    assertThat(fills.get()).isEqualTo(2);
  }

  @Test
  void aPostedPartRunsOnceOnTheHelperWhenItIsFree() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicLong thread = new AtomicLong();
    try (BatchesAhead ring = new BatchesAhead(BatchesAheadTest::fillBatch, TWO_SLOTS, 0)) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            // at least 20 parts, and on until the helper has run one (a busy machine may keep
            // it from its core for a while; the timeout bounds the wait)
            int onHelper = 0;
            int posted = 0;
            while (posted < 20 || onHelper == 0) {
              ring.post(
                  () -> {
                    runs.incrementAndGet();
                    thread.set(Thread.currentThread().getId());
                  });
              posted++;
              Thread.sleep(20); // time for the helper, which spins while parts come
              if (ring.finish()) {
                onHelper++;
                assertThat(thread.get()).isNotEqualTo(Thread.currentThread().getId());
              }
            }
            assertThat(runs.get()).isEqualTo(posted);
            assertThat(onHelper).isEqualTo(ring.partsByHelper());
            assertThat(ring.partsByHelper() + ring.partsByTrainer()).isEqualTo(posted);
          });
    }
  }

  /**
   * A ring of two slots whose helper is busy with its first batch when this returns, and stays so
   * until {@code release} is counted down.
   */
  private static BatchesAhead busyRing(CountDownLatch release) throws InterruptedException {
    CountDownLatch busy = new CountDownLatch(1);
    BatchesAhead ring =
        new BatchesAhead(
            (g, x, y) -> {
              busy.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return fillBatch(g, x, y);
            },
            TWO_SLOTS,
            0);
    if (!busy.await(10, TimeUnit.SECONDS)) {
      release.countDown();
      ring.close();
      throw new AssertionError("the helper did not start its first batch in 10 s");
    }
    return ring;
  }

  @Test
  void aPartTheHelperCannotTakeRunsOnTheTrainer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (BatchesAhead ring = busyRing(release)) {
      try {
        AtomicLong thread = new AtomicLong();
        ring.post(() -> thread.set(Thread.currentThread().getId()));
        assertThat(ring.finish()).isFalse();
        assertThat(thread.get()).isEqualTo(Thread.currentThread().getId());
        assertThat(ring.partsByTrainer()).isEqualTo(1);
        assertThat(ring.partsByHelper()).isZero();
      } finally {
        release.countDown(); // else close would wait for the helper for ever
      }
    }
  }

  /** The test mode: the trainer waits for a slow helper's batch rather than filling it itself. */
  @Test
  void takeFromHelperWaitsForASlowHelper() throws Exception {
    BatchesAhead.Source slow =
        (g, x, y) -> {
          try {
            Thread.sleep(30);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return fillBatch(g, x, y);
        };
    try (BatchesAhead ring = new BatchesAhead(slow, TWO_SLOTS, 0)) {
      int[] y = new int[4];
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            for (long g = 0; g < 4; g++) {
              assertIsBatch(ring.takeFromHelper(g, y), y, g);
            }
          });
      assertThat(ring.hits()).isEqualTo(4);
      assertThat(ring.misses()).isZero();
    }
  }

  /** A helper that has stopped (its source failed) prepares nothing more: null, not a wait. */
  @Test
  void takeFromHelperGivesNullWhenTheHelperHasStopped() throws Exception {
    BatchesAhead.Source failing =
        (g, x, y) -> {
          throw new IllegalStateException("planted");
        };
    try (BatchesAhead ring = new BatchesAhead(failing, TWO_SLOTS, 0)) {
      int[] y = new int[4];
      assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> assertThat(ring.takeFromHelper(0, y)).isNull());
      assertThat(ring.misses()).isEqualTo(1);
    }
  }

  /** The test mode: the trainer waits for a busy helper rather than taking the part. */
  @Test
  void finishOnHelperWaitsForABusyHelperToRunThePart() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (BatchesAhead ring = busyRing(release)) {
      AtomicLong thread = new AtomicLong();
      ring.post(() -> thread.set(Thread.currentThread().getId()));
      Thread releaser =
          new Thread(
              () -> {
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                release.countDown();
              });
      releaser.start();
      AtomicLong caller = new AtomicLong();
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            caller.set(Thread.currentThread().getId()); // the timeout runs this on its own thread
            assertThat(ring.finishOnHelper()).isTrue();
          });
      releaser.join();
      assertThat(thread.get()).isNotZero().isNotEqualTo(caller.get());
      assertThat(ring.partsByHelper()).isEqualTo(1);
      assertThat(ring.partsByTrainer()).isZero();
    }
  }

  /** A helper that has stopped (its source failed) cannot run parts: the trainer does. */
  @Test
  void finishOnHelperRunsThePartHereWhenTheHelperHasStopped() throws Exception {
    IllegalStateException boom = new IllegalStateException("planted");
    BatchesAhead.Source failing =
        (g, x, y) -> {
          throw boom;
        };
    try (BatchesAhead ring = new BatchesAhead(failing, TWO_SLOTS, 0)) {
      awaitValue(() -> ring.failure() == null ? 0 : 1, 1);
      AtomicLong thread = new AtomicLong();
      ring.post(() -> thread.set(Thread.currentThread().getId()));
      AtomicLong caller = new AtomicLong();
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            caller.set(Thread.currentThread().getId()); // the timeout runs this on its own thread
            assertThat(ring.finishOnHelper()).isFalse();
          });
      assertThat(thread.get()).isEqualTo(caller.get());
      assertThat(ring.partsByTrainer()).isEqualTo(1);
    }
  }

  @Test
  void aPartThatFailsOnTheHelperFailsTheFinish() throws Exception {
    try (BatchesAhead ring = new BatchesAhead(BatchesAheadTest::fillBatch, TWO_SLOTS, 0)) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            ring.post(
                () -> {
                  throw new ArithmeticException("planted");
                });
            // finishOnHelper leaves the part to the helper: its failure must come back here
            org.assertj.core.api.Assertions.assertThatThrownBy(ring::finishOnHelper)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("helper")
                .hasCauseInstanceOf(ArithmeticException.class);
            assertThat(ring.partsByHelper()).isEqualTo(1);
            // with finish, whichever thread runs it: on the trainer's, the failure is its own
            ring.post(
                () -> {
                  throw new ArithmeticException("planted again");
                });
            try {
              boolean onHelper = ring.finish();
              throw new AssertionError("finish returned " + onHelper + " after a failing part");
            } catch (ArithmeticException e) {
              assertThat(ring.partsByTrainer()).isEqualTo(1); // the trainer ran it
            } catch (IllegalStateException e) {
              assertThat(e).hasCauseInstanceOf(ArithmeticException.class); // the helper did
            }
          });
    }
  }

  @Test
  void onlyOnePartIsPostedAtATime() throws Exception {
    try (BatchesAhead ring = new BatchesAhead(BatchesAheadTest::fillBatch, TWO_SLOTS, 0)) {
      ring.post(() -> {});
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ring.post(() -> {}))
          .isInstanceOf(IllegalStateException.class);
      ring.finish();
      ring.post(() -> {}); // after finish, the next may come
      ring.finish();
    }
  }

  @Test
  void peekShowsAReadyBatchWithoutPassingTheOneInUse() throws Exception {
    int[] y = new int[TWO_SLOTS];
    try (BatchesAhead ring = new BatchesAhead(BatchesAheadTest::fillBatch, TWO_SLOTS, 0)) {
      SparseRows first = await(ring, 0, y);
      long deadline = System.nanoTime() + 10_000_000_000L;
      SparseRows next;
      while ((next = ring.peek(1)) == null) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(1);
      }
      assertThat(next.cols()).isEqualTo(9);
      Thread.sleep(50); // the helper must not refill batch 0's slot while it is in use
      assertIsBatch(first, y, 0);
      assertThat(ring.peek(2)).isNull(); // a two-slot ring holds 0 and 1 only
      assertThat(ring.take(1, y)).isSameAs(next);
    }
  }
}
