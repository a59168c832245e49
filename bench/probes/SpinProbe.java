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
 * Whole training steps (as {@code bench} runs them) with and without the spinning helper thread
 * ({@code SpinTeam}, via {@code Parallel.minSpinWork}), in one JVM, alternating rounds on two nets
 * that start equal and see the same batches (their losses must stay equal: checked). Wall time.
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/SpinProbe.java 101 [MNIST_DIR]}
 */
public class SpinProbe {
  public static void main(String[] args) throws Exception {
    MnistData d =
        MnistLoader.load(
            args.length > 1
                ? Path.of(args[1])
                : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    int rounds = Integer.parseInt(args[0]);
    java.lang.reflect.Field spin =
        Class.forName("org.mnistnn.kernels.Parallel").getDeclaredField("minSpinWork");
    spin.setAccessible(true);
    long on = Long.getLong("spinWork", 100_000L); // the threshold to time with the helper on
    MnistDataset train = d.train();
    for (int bs : new int[] {16, 128}) {
      TrainConfig cfg =
          new TrainConfig(1, bs, 0.02f, 1e-4f, true, 100, 1, Integer.MAX_VALUE, Integer.MAX_VALUE);
      TwoLayerNet netA = TwoLayerNet.initialised(784, 100, 10, new Random(1));
      TwoLayerNet netB = TwoLayerNet.initialised(784, 100, 10, new Random(1));
      Run one = new Run(train, new Trainer(cfg, netA, 0), netA, bs);
      Run two = new Run(train, new Trainer(cfg, netB, 0), netB, bs);
      int steps = Math.max(4, 3200 / bs);
      double[] t1 = new double[rounds];
      double[] t2 = new double[rounds];
      for (int r = -5; r < rounds; r++) {
        double a, b;
        if ((r & 1) == 0) {
          spin.setLong(null, 0L);
          a = one.steps(steps);
          spin.setLong(null, on);
          b = two.steps(steps);
        } else {
          spin.setLong(null, on);
          b = two.steps(steps);
          spin.setLong(null, 0L);
          a = one.steps(steps);
        }
        if (r >= 0) {
          t1[r] = a;
          t2[r] = b;
        }
      }
      spin.setLong(null, on);
      if (one.lossSum != two.lossSum) throw new AssertionError("losses differ");
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) ratio[r] = t2[r] / t1[r];
      System.out.printf(
          "batch %4d: one thread median %7.1f µs/step (min %7.1f), with the spinning helper median"
              + " %7.1f (min %7.1f), helper/one medians %.3f, mins %.3f, median of paired ratios"
              + " %.3f%n",
          bs, median(t1), min(t1), median(t2), min(t2), median(t2) / median(t1), min(t2) / min(t1),
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
