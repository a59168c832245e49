import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.mnistnn.data.*;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.Layers;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.training.*;

/**
 * Whole training steps (as {@code bench} runs them: bytes listed, {@code Trainer.trainStep}) with
 * plain SGD two ways in one JVM, alternating rounds: "fused" is {@code Sgd} as it is (dW1 folded
 * into the update of W1), "split" is the step before the fusion (the full backward pass into dW1,
 * then {@code sgdStepAndSumOfSquares} of the four arrays). Both nets start equal and see the same
 * batches, so their losses must stay equal (checked). Prints median and minimum µs per step and
 * the ratios (of the medians, the minimums, and the median of the ratios of adjacent rounds), per
 * batch size; {@code -Dcpu=true} times by this thread's CPU time (robust on a busy
 * machine, but misses the second thread of split kernels: batch 1024).
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/FuseStepProbe.java 301 [MNIST_DIR]} (301 rounds of 1600 images each way).
 */
public class FuseStepProbe {
  /** The plain SGD step before dW1 was folded into the update. */
  static final class SplitSgd implements Optimizer {
    final Sgd sgd;
    final float reg;

    SplitSgd(float reg) {
      this.sgd = new Sgd(reg, true);
      this.reg = reg;
    }

    @Override
    public void update(TwoLayerNet net, Gradients g, float lr, long step) {
      sgd.update(net, g, lr, step);
    }

    @Override
    public boolean backwardAndUpdate(
        TwoLayerNet net, SparseRows x, int[] y, Activations a, Gradients g, float lr, long step,
        float[] squares) {
      net.backward(x, y, a, g);
      squares[0] = Layers.sgdStepAndSumOfSquares(net.W1, g.dW1, lr, reg);
      squares[1] = Layers.sgdStepAndSumOfSquares(net.b1, g.db1, lr, reg);
      squares[2] = Layers.sgdStepAndSumOfSquares(net.W2, g.dW2, lr, reg);
      squares[3] = Layers.sgdStepAndSumOfSquares(net.b2, g.db2, lr, reg);
      return true;
    }
  }

  public static void main(String[] args) {
    MnistData d =
        MnistLoader.load(
            args.length > 1
                ? Path.of(args[1])
                : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    int rounds = Integer.parseInt(args[0]);
    MnistDataset train = d.train();
    for (int bs : new int[] {16, 128, 1024}) {
      TrainConfig cfg =
          new TrainConfig(1, bs, 0.02f, 1e-4f, true, 100, 1, Integer.MAX_VALUE, Integer.MAX_VALUE);
      TwoLayerNet netF = TwoLayerNet.initialised(784, 100, 10, new Random(1));
      TwoLayerNet netS = TwoLayerNet.initialised(784, 100, 10, new Random(1));
      Trainer fused = new Trainer(cfg, netF, 0);
      Trainer split = new Trainer(cfg, netS, 0);
      split.setOptimizer(new SplitSgd(1e-4f));
      Run f = new Run(train, fused, netF, bs);
      Run s = new Run(train, split, netS, bs);
      int steps = Math.max(4, 1600 / bs);
      double[] tf = new double[rounds];
      double[] ts = new double[rounds];
      for (int r = -3; r < rounds; r++) {
        // adjacent rounds, in alternating order, so a slow spell of the machine hits both
        double a, b;
        if ((r & 1) == 0) {
          a = s.steps(steps);
          b = f.steps(steps);
        } else {
          b = f.steps(steps);
          a = s.steps(steps);
        }
        if (r >= 0) {
          ts[r] = a;
          tf[r] = b;
        }
      }
      if (f.lossSum != s.lossSum) throw new AssertionError("losses differ");
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) ratio[r] = tf[r] / ts[r];
      System.out.printf(
          "batch %4d: split median %7.1f µs/step (min %7.1f), fused median %7.1f (min %7.1f),"
              + " fused/split medians %.3f, mins %.3f, median of paired ratios %.3f%n",
          bs, median(ts), min(ts), median(tf), min(tf), median(tf) / median(ts), min(tf) / min(ts),
          median(ratio));
    }
  }

  /** One trainer on its own batches in order. */
  static final class Run {
    final MnistDataset train;
    final Trainer trainer;
    final int bs;
    final byte[] pixels;
    final SparseRows x = new SparseRows();
    final int[] y;
    final Activations acts;
    final Gradients grads;
    final int[] order;
    int pos;
    double lossSum;

    Run(MnistDataset train, Trainer trainer, TwoLayerNet net, int bs) {
      this.train = train;
      this.trainer = trainer;
      this.bs = bs;
      pixels = new byte[bs * 784];
      y = new int[bs];
      acts = new Activations(net, bs);
      grads = new Gradients(net);
      order = Trainer.shuffleOrder(train.count(), 1, 0);
    }

    /** µs per step over {@code steps} steps. */
    double steps(int steps) {
      long t0 = now();
      for (int i = 0; i < steps; i++) {
        if (pos + bs > train.count()) pos = 0;
        train.copyImageBytes(order, pos, bs, pixels, y);
        x.listBytes(pixels, bs, 784, 1f / 255f);
        pos += bs;
        lossSum += trainer.trainStep(x, y, acts, grads);
      }
      return (now() - t0) / 1e3 / steps;
    }
  }

  static long now() {
    return CPU ? BEAN.getCurrentThreadCpuTime() : System.nanoTime();
  }

  static final boolean CPU = Boolean.getBoolean("cpu");
  static final java.lang.management.ThreadMXBean BEAN =
      java.lang.management.ManagementFactory.getThreadMXBean();

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double min(double[] a) {
    return Arrays.stream(a).min().getAsDouble();
  }
}
