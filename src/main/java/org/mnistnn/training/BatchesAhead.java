package org.mnistnn.training;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.kernels.SparseRows;

/**
 * Prepares the batches of a run on a second thread, many steps ahead of the trainer: each batch's
 * non-zero pixels copied out of the images' lists and listed by column, the part of a step that
 * depends only on the data. At batch 16 that is about a fifth of a step, which the trainer then
 * skips.
 *
 * <p>Batches are numbered 0, 1, 2, … in the order the trainer takes them. The helper fills a ring
 * of {@link #slots()} batches and runs ahead until the ring is full, then sleeps a little and looks
 * again. The trainer never waits for it: {@link #take} returns a batch only if it is ready, and
 * null otherwise, and the trainer then fills the batch itself, as it would without this class. A
 * ready batch is exactly what the trainer's own fill gives (the same pure function of the data), so
 * results do not depend on which thread prepared it or when.
 *
 * <p>The helper's lists are written on another core; read there for the first time by the step,
 * they cost it a few microseconds of cache misses. So {@link #take} also touches the next batch's
 * lists ({@link SparseRows#touch}), which are then in this core's caches when their step comes:
 * with the touch, whole epochs at batch 16 took 0.95× the time they took without it (13 pairs in
 * one JVM, {@code bench/probes/TrainAB.java}).
 *
 * <p>Why a deep ring and no hand-over: waking a parked thread costs the waker about 40 µs on this
 * virtual machine, as long as the work saved, so an earlier version that prepared just the next
 * batch and woke its helper each step gained nothing. Here the trainer only writes a counter and
 * reads a flag per step; the helper wakes on its own timer, on its own core.
 *
 * <p>The helper also runs parts of steps handed to it ({@link #post}, {@link #finish}: {@link
 * PairedSteps}). While parts come it spins rather than sleeps, as a sleep here lasts milliseconds
 * whatever it asks for; it fills one batch after each part, when the trainer is busy with the rest
 * of its step, and keeps the ring at least {@link #LOW_WATER} batches ahead. The trainer never
 * waits for a part the helper has not started: it runs the part itself. It does wait for one the
 * helper is running, which on this virtual machine is now and then preempted for a millisecond or
 * more; the trainer then spins.
 *
 * <p>Thread safety: {@link #take}, {@link #peek}, {@link #post} and {@link #finish} are called by
 * one thread (the trainer's); the helper only writes a slot whose previous batch the trainer has
 * passed ({@link #take} of a later number), and publishes it through the slot's tag; a part is
 * claimed by whichever thread moves its state from posted to running first.
 */
public final class BatchesAhead implements AutoCloseable {
  /** Fills batch number {@code g} of a run. Called on the helper thread only, g increasing. */
  public interface Source {
    /**
     * Puts batch {@code g}'s images into {@code x} and their labels into {@code y}.
     *
     * @return false when there is no batch {@code g} (the run's data ends before it)
     */
    boolean fill(long g, SparseRows x, int[] y);
  }

  /**
   * Whether batches are prepared ahead on a second thread without augmentation (system property
   * {@code mnistnn.batchesAhead}, default true; false measures the trainer filling every batch).
   */
  private static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("mnistnn.batchesAhead", "true"));

  /**
   * The largest batch prepared ahead. Larger batches split their products over both cores, and the
   * helper then takes a core from them: whole epochs in one JVM, alternating, the same jar with the
   * helper off on one side ({@code bench/probes/TrainAB.java}, 7–9 pairs) took 0.80× the time at
   * batch 16, 0.81× at 32, 0.98× at 64, but 1.02× at 128 and 1.14× at 1024.
   */
  public static final int UP_TO = 64;

  /**
   * Whether preparing batches of {@code batchSize} images ahead pays: at most {@link #UP_TO}, a
   * second processor, and not switched off by {@code -Dmnistnn.batchesAhead=false}.
   */
  public static boolean pays(int batchSize) {
    return ENABLED && batchSize <= UP_TO && Runtime.getRuntime().availableProcessors() > 1;
  }

  /**
   * Images the ring holds in all: 64 batches of 16 (about 2.5 MB of lists), 16 of 64. Whole epochs
   * at batch 16 took 1.06× the time with 128 images and 0.96× with 4,096 (11 pairs each, {@code
   * TrainAB}, {@code -Dmnistnn.ringImages}).
   */
  static final int RING_IMAGES = Integer.getInteger("mnistnn.ringImages", 1024);

  /** How long the helper sleeps when the ring is full, in nanoseconds. */
  static final long PAUSE_NANOS = 100_000;

  private final Source source;
  private final SparseRows[] xs;
  private final int[][] ys;
  // the number of the batch each slot holds, −1 for none; set after the slot is filled
  private final AtomicLongArray tags;
  // batches before this one are done with: their slots may be refilled
  private final AtomicLong passed;
  private final Thread helper;
  private volatile boolean closed;
  private volatile Throwable failure;
  private long hits;
  // what SparseRows.touch read, kept so that its reads are not optimised away
  private int touched;
  private long misses;
  // a part of a step handed to the helper ({@link #post}): NONE, POSTED, RUNNING or DONE
  private final AtomicInteger partState = new AtomicInteger(NONE);
  private volatile Runnable part;
  private volatile Throwable partFailure;
  private volatile long lastPostNanos;
  // whether the helper is sleeping (or about to) with steps not coming
  private volatile boolean resting;
  private long partsByHelper;
  private long partsByTrainer;
  private static final int NONE = 0;
  private static final int POSTED = 1;
  private static final int RUNNING = 2;
  private static final int DONE = 3;

  /**
   * How long after the last {@link #post} the helper keeps spinning for the next one when it has
   * nothing else to do, instead of sleeping: steps come every 50–100 µs at batch 16, and a sleeping
   * helper wakes too late for them; after an evaluation or the end of training it goes back to
   * sleep.
   */
  static final long SPIN_NANOS = 50_000_000;

  /**
   * While parts come, the helper fills one batch after each part, and more only when fewer than
   * this many are ready ahead.
   */
  static final int LOW_WATER = 8;

  /**
   * The longest {@link #takeFromHelper} and {@link #finishOnHelper} wait for the helper before the
   * trainer does the work itself (a test's count then fails rather than the test hanging).
   */
  static final long TEST_WAIT_NANOS = 10_000_000_000L;

  /**
   * Starts the helper at batch {@code first}.
   *
   * @param batchSize images per batch (sets the ring's length)
   */
  public BatchesAhead(Source source, int batchSize, long first) {
    this.source = source;
    int slots = slotsFor(batchSize);
    this.xs = new SparseRows[slots];
    this.ys = new int[slots][batchSize];
    this.tags = new AtomicLongArray(slots);
    for (int s = 0; s < slots; s++) {
      xs[s] = new SparseRows();
      tags.set(s, -1);
    }
    this.passed = new AtomicLong(first);
    this.lastPostNanos = System.nanoTime() - 2 * SPIN_NANOS; // nothing posted yet: sleep when idle
    this.helper = new Thread(() -> run(first), "batches-ahead");
    helper.setDaemon(true);
    helper.start();
  }

  /**
   * What the helper does for one batch: the non-zero pixels of images {@code order[from .. from+n)}
   * copied from their lists made once ({@link MnistDataset#copyNonZeros}), their labels into {@code
   * y}, then listed by column if the step of a weight matrix with rows of {@code width} would list
   * them ({@link SparseRows#listColumnsForStep}).
   */
  public static void prepare(
      MnistDataset data, int[] order, int from, int n, int width, SparseRows x, int[] y) {
    data.copyNonZeros(order, from, n, x, y);
    x.listColumnsForStep(width);
  }

  /** The ring's length for batches of {@code batchSize} images: at least 2. */
  static int slotsFor(int batchSize) {
    return Math.max(2, RING_IMAGES / Math.max(1, batchSize));
  }

  /** The number of batches the ring holds. */
  public int slots() {
    return xs.length;
  }

  /**
   * Batch {@code g} if the helper has it ready, its labels copied into {@code y}; null if not (the
   * caller then fills it itself). Calling this also tells the helper that every batch before {@code
   * g} is done with. The returned rows stay valid until the next call.
   */
  public SparseRows take(long g, int[] y) {
    passed.set(g);
    int s = (int) (g % xs.length);
    if (tags.get(s) != g) {
      misses++;
      return null;
    }
    hits++;
    int s1 = (int) ((g + 1) % xs.length);
    if (tags.get(s1) == g + 1) {
      touched += xs[s1].touch(); // the next batch into this core's caches during this step
    }
    SparseRows x = xs[s];
    System.arraycopy(ys[s], 0, y, 0, x.rows());
    return x;
  }

  /**
   * As {@link #take}, but first waits for the helper to have batch {@code g} ready however long it
   * takes, up to {@link #TEST_WAIT_NANOS} (for tests, which must know that the helper prepared the
   * batches whatever the machine's load); null if the helper has stopped without it or is that
   * late.
   */
  SparseRows takeFromHelper(long g, int[] y) {
    passed.set(g); // so that the helper goes on from g if it is behind
    int s = (int) (g % xs.length);
    long deadline = System.nanoTime() + TEST_WAIT_NANOS;
    while (tags.get(s) != g && helper.isAlive() && !closed && System.nanoTime() < deadline) {
      if (resting) {
        LockSupport.unpark(helper);
      }
      Thread.yield(); // the helper may need this core
    }
    return take(g, y);
  }

  /**
   * Batch {@code g} if the helper has it ready, else null, without passing the batches before it:
   * the trainer looks at the next batch while its current one is still in use. The rows stay valid
   * until {@link #take} of a number past {@code g}.
   */
  public SparseRows peek(long g) {
    int s = (int) (g % xs.length);
    return tags.get(s) == g ? xs[s] : null;
  }

  /**
   * Hands {@code work} to the helper, which runs it as soon as it is between two batches (within
   * microseconds, as it spins while steps come); {@link #finish} then waits for it, or runs it on
   * the caller's thread if the helper has not started it. At most one part is posted at a time. The
   * caller's writes before this call are visible to the work, and the work's writes to the caller
   * after {@link #finish}.
   */
  public void post(Runnable work) {
    if (partState.get() != NONE) {
      throw new IllegalStateException("a part is already posted");
    }
    part = work;
    partFailure = null;
    lastPostNanos = System.nanoTime();
    partState.set(POSTED);
    if (resting) {
      LockSupport.unpark(helper); // back from a pause: wake it now rather than on its timer
    }
  }

  /**
   * Tells the helper that no part will come for a while (an evaluation, which wants the second
   * core): it stops spinning and sleeps until the next {@link #post}.
   */
  public void pause() {
    lastPostNanos = System.nanoTime() - 2 * SPIN_NANOS;
  }

  /**
   * Returns once the posted part has run: runs it here if the helper has not taken it yet, else
   * waits (spinning) for the helper to end it. A failure of the part on the helper is thrown here.
   *
   * @return whether the helper ran it
   */
  public boolean finish() {
    if (partState.compareAndSet(POSTED, RUNNING)) {
      partsByTrainer++;
      try {
        part.run();
      } finally {
        part = null;
        partState.set(NONE);
      }
      return false;
    }
    while (partState.get() != DONE) {
      Thread.onSpinWait();
    }
    part = null;
    partState.set(NONE);
    partsByHelper++;
    Throwable t = partFailure;
    if (t != null) {
      throw new IllegalStateException("the helper's part of a step failed", t);
    }
    return true;
  }

  /**
   * As {@link #finish}, but leaves the posted part to the helper however long it takes to start it,
   * up to {@link #TEST_WAIT_NANOS} (for tests, which must know that the helper ran it whatever the
   * machine's load); runs it here only if the helper has stopped or is that late.
   *
   * @return whether the helper ran it
   */
  boolean finishOnHelper() {
    long deadline = System.nanoTime() + TEST_WAIT_NANOS;
    while (partState.get() == POSTED
        && helper.isAlive()
        && !closed
        && System.nanoTime() < deadline) {
      if (resting) {
        LockSupport.unpark(helper); // in case it went to sleep just as the part was posted
      }
      Thread.yield(); // the helper may need this core
    }
    return finish();
  }

  /** Parts {@link #finish} found run by the helper so far. */
  public long partsByHelper() {
    return partsByHelper;
  }

  /** Parts {@link #finish} ran on the trainer's thread so far (the helper had not taken them). */
  public long partsByTrainer() {
    return partsByTrainer;
  }

  /** Runs the posted part if there is one; called by the helper only. */
  private boolean runPostedPart() {
    if (partState.get() != POSTED || !partState.compareAndSet(POSTED, RUNNING)) {
      return false;
    }
    try {
      part.run();
    } catch (Throwable t) {
      partFailure = t;
    } finally {
      partState.set(DONE);
    }
    return true;
  }

  /** Batches {@link #take} returned ready so far. */
  public long hits() {
    return hits;
  }

  /** Batches {@link #take} did not find ready so far. */
  public long misses() {
    return misses;
  }

  /** What stopped the helper early, if anything (the trainer fills every batch itself then). */
  public Throwable failure() {
    return failure;
  }

  private void run(long first) {
    long g = first;
    boolean ended = false;
    try {
      while (!closed) {
        boolean ranPart = runPostedPart();
        long p = passed.get();
        if (g < p) {
          g = p; // the trainer got there first: no use preparing what it has done
        }
        boolean stepsComing = System.nanoTime() - lastPostNanos < SPIN_NANOS;
        // while parts come, one batch after each part (the trainer is then busy with the rest of
        // its step), so that a part posted finds the helper free; more when the ring runs low
        boolean fill =
            !ended
                && g < p + xs.length
                && (!stepsComing || ranPart || g < p + Math.min(LOW_WATER, xs.length));
        if (!fill) {
          if (stepsComing) {
            // stay awake for the next part, but let any other thread that is ready have the core
            // (the JIT compiler's, which would otherwise wait for a core)
            Thread.yield();
          } else {
            resting = true;
            LockSupport.parkNanos(PAUSE_NANOS);
            resting = false;
          }
          continue;
        }
        int s = (int) (g % xs.length);
        tags.set(s, -1);
        if (source.fill(g, xs[s], ys[s])) {
          tags.set(s, g);
          g++;
        } else {
          ended = true; // the run's data ends; parts may still come
        }
      }
    } catch (Throwable t) {
      failure = t; // the trainer's own fill of the same batch reports any real fault
    }
  }

  /** Stops the helper and waits for it to end. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(helper);
    boolean interrupted = false;
    while (helper.isAlive()) {
      try {
        helper.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
