package org.mnistnn.kernels;

import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 fused multiply-add rate this machine gives right now, measured as DESIGN.md measures
 * its peak: twelve independent FMA chains over vectors loaded from an array that stays in L1, the
 * inner loop of the first layer's panels with nothing to wait for. {@code bench} reports its
 * training rates against this figure, measured in the same run, because this machine's speed
 * changes from hour to hour (the same loop has given 42 and 110 GFLOP/s on one core): a fixed peak
 * would make a slow hour look like slow code.
 *
 * <p>Loaded only through {@link Kernels#peakGflops}, which catches the {@link LinkageError} thrown
 * without the {@code jdk.incubator.vector} module.
 */
final class VectorPeak {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  /** Vectors per iteration, one per chain. */
  private static final int CHAINS = 12;

  /** Iterations cycle through this many rows of {@link #CHAINS} vectors (24 KB: L1). */
  private static final int ROWS = 64;

  private VectorPeak() {}

  /**
   * GFLOP/s of {@code threads} threads each running {@code iterations} iterations of the FMA chains
   * at once, timed from a common start until the last one ends.
   */
  static double gflops(int threads, int iterations) {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    Thread[] team = new Thread[threads];
    float[] sink = new float[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      team[t] =
          new Thread(
              () -> {
                float[] b = new float[(ROWS + 1) * CHAINS * V];
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                sink[id] = chains(b, iterations);
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
      return 2.0 * V * CHAINS * (double) iterations * threads / ns;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  /**
   * Runs the loop on this thread until the JIT has compiled it, so that the timed threads start in
   * compiled code.
   */
  static void warmUp() {
    float[] b = new float[(ROWS + 1) * CHAINS * V];
    float sum = 0;
    for (int k = 0; k < 300; k++) {
      sum += chains(b, 20_000);
    }
    sink = sum;
  }

  /** Keeps {@link #warmUp}'s sums from being optimised away. */
  static volatile float sink;

  /** The timed loop: twelve FMA chains; returns their sum so the JIT cannot drop them. */
  static float chains(float[] b, int iterations) {
    FloatVector a = FloatVector.broadcast(S, 1.0000001f);
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    FloatVector c8 = c0;
    FloatVector c9 = c0;
    FloatVector c10 = c0;
    FloatVector c11 = c0;
    for (int i = 0; i < iterations; i++) {
      int o = (i & (ROWS - 1)) * CHAINS * V;
      c0 = FloatVector.fromArray(S, b, o).fma(a, c0);
      c1 = FloatVector.fromArray(S, b, o + V).fma(a, c1);
      c2 = FloatVector.fromArray(S, b, o + 2 * V).fma(a, c2);
      c3 = FloatVector.fromArray(S, b, o + 3 * V).fma(a, c3);
      c4 = FloatVector.fromArray(S, b, o + 4 * V).fma(a, c4);
      c5 = FloatVector.fromArray(S, b, o + 5 * V).fma(a, c5);
      c6 = FloatVector.fromArray(S, b, o + 6 * V).fma(a, c6);
      c7 = FloatVector.fromArray(S, b, o + 7 * V).fma(a, c7);
      c8 = FloatVector.fromArray(S, b, o + 8 * V).fma(a, c8);
      c9 = FloatVector.fromArray(S, b, o + 9 * V).fma(a, c9);
      c10 = FloatVector.fromArray(S, b, o + 10 * V).fma(a, c10);
      c11 = FloatVector.fromArray(S, b, o + 11 * V).fma(a, c11);
    }
    FloatVector s =
        c0.add(c1)
            .add(c2.add(c3))
            .add(c4.add(c5).add(c6.add(c7)))
            .add(c8.add(c9).add(c10.add(c11)));
    return s.reduceLanes(VectorOperators.ADD);
  }
}
