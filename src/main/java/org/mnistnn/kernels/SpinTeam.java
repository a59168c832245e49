package org.mnistnn.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One helper thread that waits for work by spinning for a short while before it parks, so that
 * medium-sized products (a batch-16 step's first layer: tens of microseconds) can be shared by two
 * cores. Handing work to a parked pool thread costs tens of microseconds (the wake-up), as much as
 * the work itself; handing it to a spinning thread costs about the time a cache line takes to
 * travel between the cores.
 *
 * <p>The rows are cut into a few chunks that the caller and the helper claim one at a time, so a
 * helper that the operating system has not scheduled costs nothing: the caller does all the chunks
 * itself. If the caller still had to wait long for a chunk the helper had claimed (the helper lost
 * its core mid-chunk: the machine is busy), the team stands down for a while and everything runs on
 * the caller, as without it.
 *
 * <p>While training runs, a step follows the previous one within microseconds, so the helper is
 * almost always spinning when work arrives. After {@link #SPIN_NANOS} without work it parks, so an
 * idle program does not keep a core busy.
 *
 * <p>As with {@link Parallel}, only whole output rows are shared out, so results do not depend on
 * which thread computed which row. One caller at a time: a second concurrent caller (say, one of
 * the web server's threads) runs its rows itself.
 */
final class SpinTeam {
  /** How long the helper spins for new work before it parks. */
  static final long SPIN_NANOS = Long.getLong("mnistnn.spinMicros", 200L) * 1_000L;

  /** A wait for the helper longer than this counts as a sign that the machine is busy. */
  private static final long SLOW_WAIT_NANOS = 100_000L;

  /** Calls run on the caller alone after a slow wait. */
  private static final int STAND_DOWN_CALLS = 2_000;

  private static final SpinTeam TEAM =
      Runtime.getRuntime().availableProcessors() >= 2 ? new SpinTeam() : null;

  private final AtomicBoolean busy = new AtomicBoolean();
  private final Thread helper;
  private int standDown;

  /** The work of the latest call; the helper takes chunks of it while it has any. */
  private volatile Job job;

  private volatile boolean parked;

  /** One call's rows, cut into chunks, and who has done what. */
  private static final class Job {
    final Parallel.Rows body;
    final int rows;
    final int chunks;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    volatile Throwable failure;

    Job(Parallel.Rows body, int rows, int chunks) {
      this.body = body;
      this.rows = rows;
      this.chunks = chunks;
    }

    /** Claims and runs chunks until none is left. */
    void work() {
      int k;
      while ((k = next.getAndIncrement()) < chunks) {
        try {
          body.run((int) ((long) rows * k / chunks), (int) ((long) rows * (k + 1) / chunks));
        } catch (RuntimeException | Error e) {
          failure = e;
          // no more chunks for anyone; those nobody claimed count as done, so the caller's wait
          // ends once the chunks already running are finished
          int claimed = Math.min(chunks, next.getAndSet(chunks));
          done.addAndGet(chunks - claimed);
        }
        done.incrementAndGet();
      }
    }
  }

  private SpinTeam() {
    helper = new Thread(this::loop, "mnist-nn-spin-helper");
    helper.setDaemon(true);
    helper.start();
  }

  /** Whether a helper thread exists (two or more processors). */
  static boolean available() {
    return TEAM != null;
  }

  /**
   * Runs {@code body} over {@code [0, rows)} cut into {@code chunks} contiguous ranges, shared by
   * the caller and the helper. Runs everything on the caller when there is no helper, another
   * caller is using it, or the team is standing down.
   */
  static void forRows(int rows, int chunks, Parallel.Rows body) {
    SpinTeam t = TEAM;
    chunks = Math.min(chunks, rows);
    if (t == null || chunks < 2 || !t.busy.compareAndSet(false, true)) {
      body.run(0, rows);
      return;
    }
    try {
      if (t.standDown > 0) {
        t.standDown--;
        body.run(0, rows);
      } else {
        t.run(body, rows, chunks);
      }
    } finally {
      t.busy.set(false);
    }
  }

  private void run(Parallel.Rows body, int rows, int chunks) {
    Job j = new Job(body, rows, chunks);
    job = j;
    if (parked) {
      LockSupport.unpark(helper);
    }
    j.work();
    if (j.done.get() < chunks) {
      long start = System.nanoTime();
      while (j.done.get() < chunks) {
        Thread.onSpinWait();
      }
      if (System.nanoTime() - start > SLOW_WAIT_NANOS) {
        standDown = STAND_DOWN_CALLS;
      }
    }
    Throwable failure = j.failure;
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error er) {
      throw er;
    }
  }

  private void loop() {
    Job seen = null;
    while (true) {
      long deadline = System.nanoTime() + SPIN_NANOS;
      Job j;
      int spins = 0;
      while ((j = job) == seen) {
        Thread.onSpinWait();
        if ((++spins & 255) == 0 && System.nanoTime() > deadline) {
          parked = true;
          if (job == seen) {
            LockSupport.park(this);
          }
          parked = false;
          deadline = System.nanoTime() + SPIN_NANOS;
        }
      }
      seen = j;
      j.work();
    }
  }
}
