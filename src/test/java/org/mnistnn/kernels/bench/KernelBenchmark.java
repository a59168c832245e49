package org.mnistnn.kernels.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels of one training step of the 784-100-10 network, each on its own, for the reference
 * loops and the Vector API kernels.
 *
 * <p>What it measures: the time of one kernel call on the shapes a step really uses, with the batch
 * size as a parameter (16 is the default training batch, 1024 the large one). Inputs are
 * regenerated only in {@code @Setup}, so each call sees the same data; outputs are returned so the
 * JIT cannot discard the work.
 *
 * <p>The pitfall it teaches: the products skip zero inputs, so their speed depends on the data, not
 * just the shapes. {@code input=mnist} fills x with 19% non-zero pixels in [0, 1] like MNIST (and
 * dz1 half zero, like ReLU's mask); {@code input=dense} has no zeros and shows the raw arithmetic
 * rate. Do not compare a dense FLOP count with the sparse timing without saying so.
 *
 * <p>How to run (see BENCHMARKS.md): {@code bench/jmh.sh} or, for one benchmark, {@code
 * bench/jmh.sh 'KernelBenchmark.forwardXW1' -p batch=16}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
  static final int D = 784;
  static final int H = 100;
  static final int C = 10;

  @Param({"vector", "scalar"})
  public String provider;

  @Param({"16", "1024"})
  public int batch;

  @Param({"mnist", "dense"})
  public String input;

  KernelProvider k;
  float[] x;
  float[] w1;
  float[] w2;
  float[] z1;
  float[] dz1;
  float[] dz2;
  float[] dh1;
  float[] dW1;
  float[] z2;
  float[] probs;

  @Setup
  public void setUp() {
    k = "scalar".equals(provider) ? Kernels.scalar() : Kernels.vector();
    if (k == null) {
      throw new IllegalStateException("the Vector API is not available in the forked JVM");
    }
    Random rng = new Random(42);
    boolean sparse = "mnist".equals(input);
    x = fill(new float[batch * D], rng, sparse ? 0.19 : 1.0, false);
    w1 = fill(new float[D * H], rng, 1.0, true);
    w2 = fill(new float[H * C], rng, 1.0, true);
    dz1 = fill(new float[batch * H], rng, sparse ? 0.5 : 1.0, true);
    dz2 = fill(new float[batch * C], rng, 1.0, true);
    z2 = fill(new float[batch * C], rng, 1.0, true);
    z1 = new float[batch * H];
    dh1 = new float[batch * H];
    dW1 = new float[D * H];
    probs = new float[batch * C];
  }

  /** Random values, non-zero with probability {@code density}; signed or in [0, 1). */
  static float[] fill(float[] a, Random rng, double density, boolean signed) {
    for (int i = 0; i < a.length; i++) {
      if (rng.nextDouble() < density) {
        a[i] = signed ? (float) rng.nextGaussian() : rng.nextFloat();
      }
    }
    return a;
  }

  /** z1 = x · W1: (N × 784) · (784 × 100), the largest product of the forward pass. */
  @Benchmark
  public float[] forwardXW1() {
    k.matmul(x, w1, z1, batch, D, H);
    return z1;
  }

  /** dW1 = xᵀ · dz1: (784 × N) · (N × 100), the largest product of the backward pass. */
  @Benchmark
  public float[] backwardDW1() {
    k.matmulTransA(x, dz1, dW1, batch, D, H);
    return dW1;
  }

  /** dh1 = dz2 · W2ᵀ: (N × 10) · (10 × 100). */
  @Benchmark
  public float[] backwardDh1() {
    k.matmulTransB(dz2, w2, dh1, batch, C, H);
    return dh1;
  }

  /** The SGD + L2 update of W1 (78,400 parameters), once per step whatever the batch. */
  @Benchmark
  public float[] sgdUpdateW1() {
    k.sgdUpdate(w1, dW1, 1e-9f, 1e-9f, w1.length);
    return w1;
  }

  /** The L2 penalty's Σθ² over W1, once per step. */
  @Benchmark
  public float sumOfSquaresW1() {
    return k.sumOfSquares(w1, w1.length);
  }

  /** Softmax of the logits (N × 10). */
  @Benchmark
  public float[] softmax() {
    k.softmaxRows(z2, probs, batch, C);
    return probs;
  }

  /** ReLU of the hidden layer (N × 100). */
  @Benchmark
  public float[] relu() {
    k.relu(dz1, z1, batch * H);
    return z1;
  }
}
