package org.mnistnn.engine.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mnistnn.engine.FastForward;
import org.mnistnn.engine.FastStep;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.ReferenceStep;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.TwoLayerNet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step and one batch of inference, per engine, on MNIST-like random batches.
 *
 * <p>What it measures: the time of {@link Step#take} for a batch of {@code batch} images of 784
 * pixels, 19% of them non-zero (MNIST's density: the engine's work follows the number of non-zero
 * pixels, so dense random images would time another workload), at the kernels the process chose
 * ({@code -Dmnistnn.kernels=256} and the like, passed through {@code -jvmArgsAppend}, choose
 * another width). Sixteen batches are made once and cycled, so the step does not time their making,
 * and the weights keep training from call to call as they do in a real run.
 *
 * <p>How to run: {@code bench/jmh.sh StepBenchmark -p batch=16}. Compare widths in one session:
 * {@code bench/jmh.sh StepBenchmark.fast -jvmArgsAppend -Dmnistnn.kernels=512}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StepBenchmark {
  @Param({"16", "128", "1024"})
  int batch;

  private float[][] xs;
  private int[][] ys;
  private int next;
  private Step fast;
  private Step reference;
  private FastForward forward;
  private float[] probs;

  @Setup(Level.Trial)
  public void setUp() {
    Random rng = new Random(1);
    xs = new float[16][batch * 784];
    ys = new int[16][batch];
    for (int b = 0; b < 16; b++) {
      for (int i = 0; i < xs[b].length; i++) {
        xs[b][i] = rng.nextFloat() < 0.19f ? (1 + rng.nextInt(255)) / 255f : 0f;
      }
      for (int i = 0; i < batch; i++) {
        ys[b][i] = rng.nextInt(10);
      }
    }
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(2));
    L2 l2 = new L2(1e-4f, true);
    fast = new FastStep(net.copy(), l2, 0f, false);
    reference = new ReferenceStep(net.copy(), l2, 0f, false);
    forward = FastForward.of(net);
    probs = new float[batch * 10];
  }

  /** The fast engine's step: forward, loss, backward and update. */
  @Benchmark
  public double fast() {
    int b = next++ & 15;
    return fast.take(xs[b], ys[b], batch, 0.02f);
  }

  /** The lesson's step, the same arithmetic as plain loops. */
  @Benchmark
  public double reference() {
    int b = next++ & 15;
    return reference.take(xs[b], ys[b], batch, 0.02f);
  }

  /** The fast engine's forward pass alone, as evaluation runs it. */
  @Benchmark
  public float[] inference() {
    int b = next++ & 15;
    forward.probabilities(xs[b], batch, probs, 0);
    return probs;
  }
}
