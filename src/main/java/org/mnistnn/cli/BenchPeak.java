package org.mnistnn.cli;

import java.util.concurrent.CountDownLatch;
import org.mnistnn.engine.KernelChoice;
import org.mnistnn.engine.Kernels;
import org.mnistnn.engine.VectorKernels;

/**
 * The float32 FMA rate this machine gives right now, on one core and on all, at the width of the
 * kernels in use ({@link VectorKernels#fmaChains}). {@code bench} reports its training rates
 * against this figure measured in the same run, because this machine's speed changes from hour to
 * hour: a fixed peak would make a slow hour look like slow code.
 */
final class BenchPeak {
  private BenchPeak() {}

  /** Iterations of the chains per timed run (about 0.1 s on one core). */
  private static final long ITERATIONS = 20_000_000;

  /** {@code reps} measurements on one thread and on every processor; NaN for scalar kernels. */
  static BenchReport.Peak measure(int reps) {
    int threads = Runtime.getRuntime().availableProcessors();
    double[] one = new double[reps];
    double[] all = new double[reps];
    Kernels k = KernelChoice.kernels();
    if (!(k instanceof VectorKernels v)) {
      java.util.Arrays.fill(one, Double.NaN);
      java.util.Arrays.fill(all, Double.NaN);
      return new BenchReport.Peak(threads, one, all);
    }
    for (int w = 0; w < 3; w++) {
      gflops(v, 1, ITERATIONS / 10);
    }
    for (int r = 0; r < reps; r++) {
      one[r] = gflops(v, 1, ITERATIONS);
      all[r] = gflops(v, threads, ITERATIONS);
    }
    return new BenchReport.Peak(threads, one, all);
  }

  /** GFLOP/s of {@code threads} threads running the chains at once, from a common start. */
  private static double gflops(VectorKernels v, int threads, long iterations) {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    Thread[] team = new Thread[threads];
    float[] sink = new float[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      team[t] =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                sink[id] = v.fmaChains(iterations);
              },
              "mnist-nn-peak-" + t);
      team[t].start();
    }
    try {
      ready.await();
      long t0 = System.nanoTime();
      go.countDown();
      for (Thread t : team) {
        t.join();
      }
      long ns = System.nanoTime() - t0;
      double flop = 2.0 * v.lanes() * VectorKernels.CHAINS * (double) iterations * threads;
      return sink[0] == 12345.678f ? 0 : flop / ns;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }
}
