package org.mnistnn.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits the output rows of a kernel over the cores when the work is large enough to pay for the
 * hand-off.
 *
 * <p>Only whole output rows are split, and each row is computed by exactly the same sequence of
 * operations whichever thread runs it, so the result is bit-for-bit the same with one thread or
 * many: training stays reproducible with {@code --seed}. Reductions across rows (column sums, the
 * sum of squares) are never split.
 *
 * <p>The threshold was measured (BENCHMARKS.md): waking a parked pool thread costs tens of
 * microseconds, more than half of a batch-16 product (about 2.5 MFLOP) takes, so small products run
 * on the caller's thread and only large ones (batch 128 and up, the evaluation chunks) are split.
 */
final class Parallel {
  /** A body that computes output rows {@code [from, to)}. */
  @FunctionalInterface
  interface Rows {
    void run(int from, int to);
  }

  /**
   * Products with fewer multiply-adds than this run on one thread. 1 M: the first layer's products
   * split from batch 128 on (about 1.9 M there), the second layer's at batch 1024 (1 M), while
   * batch 16 (about 0.24 M) and batch 32 (0.48 M) stay on the caller, and so do the second layer's
   * products of the evaluation's 500-image chunks (0.5 M; each core already runs its own range of
   * images there). Measured with whole epochs in one JVM, alternating ({@code
   * bench/probes/TrainAB.java}, the same jar with {@code mnistnn.parallelWork} set on one side):
   * against the former 4 M, 0.5 M took 0.84× the time at batch 128 (9 pairs) and 1 M 0.87× (7
   * pairs); at batch 1024 1 M took 0.94× (7 pairs), and 0.4 M 0.98× the time of 1 M; batch 32 and
   * 16 were unchanged with 0.4 M (0.99× and 1.00×, 7 pairs each). With 0.5 M the evaluation's
   * chunks split their second layer too, and `bench`'s 10,000-image time rose from about 15 to
   * about 19 ms.
   */
  static volatile long minParallelWork = Long.getLong("mnistnn.parallelWork", 1_000_000L);

  /**
   * Products with at least this many multiply-adds (and fewer than {@link #minParallelWork}) are
   * shared with the spinning helper ({@link SpinTeam}); 0, the default, turns that off. Measured
   * (bench/probes/SpinProbe.java, two runs on a quiet machine): with {@code
   * -Dmnistnn.spinWork=100000} the median of paired ratios of batch-16 step times was 0.91 in one
   * run and 1.01 in the other, batch 128 0.99 and 1.02, while the helper keeps a second core busy
   * the whole time; not worth a core by default.
   */
  static volatile long minSpinWork = Long.getLong("mnistnn.spinWork", 0L);

  /** Chunks a product shared with the spinning helper is cut into (claimed one at a time). */
  static final int SPIN_CHUNKS = Integer.getInteger("mnistnn.spinChunks", 4);

  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private Parallel() {}

  /** The number of threads a large kernel is split into. */
  static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body} over {@code [0, rows)}, split into one contiguous range per core when {@code
   * work} (multiply-adds) is at least {@link #minParallelWork}.
   */
  static void forRows(int rows, long work, Rows body) {
    int parts = Math.min(THREADS, rows);
    if (parts <= 1 || work < minParallelWork) {
      if (parts > 1 && minSpinWork > 0 && work >= minSpinWork && SpinTeam.available()) {
        SpinTeam.forRows(rows, SPIN_CHUNKS, body);
      } else {
        body.run(0, rows);
      }
      return;
    }
    ForkJoinPool.commonPool().invoke(new Split(body, 0, rows, parts));
  }

  /** Halves the range until one part per thread is left; the caller computes one half itself. */
  private static final class Split extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final transient Rows body;
    private final int from;
    private final int to;
    private final int parts;

    Split(Rows body, int from, int to, int parts) {
      this.body = body;
      this.from = from;
      this.to = to;
      this.parts = parts;
    }

    @Override
    protected void compute() {
      if (parts <= 1) {
        body.run(from, to);
        return;
      }
      int leftParts = parts / 2;
      int mid = from + (int) ((long) (to - from) * leftParts / parts);
      invokeAll(new Split(body, from, mid, leftParts), new Split(body, mid, to, parts - leftParts));
    }
  }
}
