import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.mnistnn.data.*;
import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;

/**
 * The first layer's weight step of plain SGD, two ways, in one JVM, alternating: "split" is {@code
 * sparseMatmulTransA} into a full dW1 (784 × 100) then {@code sgdUpdateSumOfSquares} of W1;
 * "fused" is {@code sparseMatmulTransASgdUpdate} (dW1 a row at a time into the update). Real MNIST
 * batches (non-zeros listed from the bytes), dz1 random with half of it zero as after ReLU. Rounds
 * of 400 steps of each, alternating; prints the median and minimum µs per step of each and the
 * ratio of the medians, for each batch size.
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/FuseW1Probe.java 15 [MNIST_DIR]}
 * (15 rounds; default data: the cache). Add {@code -Dcpu=true} to time by thread CPU time.
 */
public class FuseW1Probe {
  public static void main(String[] args) {
    MnistData d =
        MnistLoader.load(
            args.length > 1
                ? Path.of(args[1])
                : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    int rounds = Integer.parseInt(args[0]);
    KernelProvider k = Kernels.vector();
    MnistDataset train = d.train();
    int h = 100;
    for (int bs : new int[] {16, 128, 1024}) {
      int batches = 64;
      SparseRows[] xs = new SparseRows[batches];
      float[][] dz = new float[batches][];
      Random rng = new Random(bs);
      byte[] pixels = new byte[bs * 784];
      int[] y = new int[bs];
      for (int b = 0; b < batches; b++) {
        train.copyImageBytes((b * bs) % (train.count() - bs), bs, pixels, y);
        xs[b] = new SparseRows();
        xs[b].listBytes(pixels, bs, 784, 1f / 255f);
        dz[b] = new float[bs * h];
        for (int i = 0; i < dz[b].length; i++) {
          dz[b][i] = rng.nextBoolean() ? 0f : (float) rng.nextGaussian() * 1e-3f;
        }
      }
      float[] w = new float[784 * h];
      for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian() * 0.1f;
      float[] dw = new float[784 * h];
      int steps = Math.max(20, 6400 / bs);
      double[] split = new double[rounds];
      double[] fused = new double[rounds];
      double[] prod = new double[rounds];
      double[] upd = new double[rounds];
      for (int r = -3; r < rounds; r++) { // 3 warm-up rounds
        double a = split(k, xs, dz, w, dw, h, steps);
        double b = fused(k, xs, dz, w, h, steps);
        double c = product(k, xs, dz, dw, h, steps);
        double e = update(k, w, dw, steps);
        if (r >= 0) {
          split[r] = a;
          fused[r] = b;
          prod[r] = c;
          upd[r] = e;
        }
      }
      double ms = median(split), mf = median(fused);
      System.out.printf(
          "batch %4d: split median %7.1f µs (min %7.1f), fused median %7.1f µs (min %7.1f),"
              + " fused/split %.3f (mins %.3f)   [%s]%n",
          bs, ms, min(split), mf, min(fused), mf / ms, min(fused) / min(split), sink);
      System.out.printf(
          "            alone: sparseMatmulTransA median %7.1f µs (min %7.1f),"
              + " sgdUpdateSumOfSquares(W1) median %7.1f µs (min %7.1f)%n",
          median(prod), min(prod), median(upd), min(upd));
    }
  }

  /**
   * The clock: this thread's CPU time with {@code -Dcpu=true} (robust to being descheduled on a
   * busy machine; misses work handed to other threads, so use it where the kernels run on one
   * thread: batch 16 and 128), else wall time.
   */
  static long now() {
    return CPU ? BEAN.getCurrentThreadCpuTime() : System.nanoTime();
  }

  static final boolean CPU = Boolean.getBoolean("cpu");
  static final java.lang.management.ThreadMXBean BEAN =
      java.lang.management.ManagementFactory.getThreadMXBean();

  static float sink;

  static double split(
      KernelProvider k, SparseRows[] xs, float[][] dz, float[] w, float[] dw, int h, int steps) {
    long t0 = now();
    for (int s = 0; s < steps; s++) {
      int b = s % xs.length;
      k.sparseMatmulTransA(xs[b], dz[b], dw, h);
      sink += k.sgdUpdateSumOfSquares(w, dw, 1e-9f, 1e-9f, w.length);
    }
    return (now() - t0) / 1e3 / steps;
  }

  static double fused(
      KernelProvider k, SparseRows[] xs, float[][] dz, float[] w, int h, int steps) {
    long t0 = now();
    for (int s = 0; s < steps; s++) {
      int b = s % xs.length;
      sink += k.sparseMatmulTransASgdUpdate(xs[b], dz[b], w, h, 1e-9f, 1e-9f);
    }
    return (now() - t0) / 1e3 / steps;
  }

  static double product(
      KernelProvider k, SparseRows[] xs, float[][] dz, float[] dw, int h, int steps) {
    long t0 = now();
    for (int s = 0; s < steps; s++) {
      int b = s % xs.length;
      k.sparseMatmulTransA(xs[b], dz[b], dw, h);
    }
    return (now() - t0) / 1e3 / steps;
  }

  static double update(KernelProvider k, float[] w, float[] dw, int steps) {
    long t0 = now();
    for (int s = 0; s < steps; s++) {
      sink += k.sgdUpdateSumOfSquares(w, dw, 1e-9f, 1e-9f, w.length);
    }
    return (now() - t0) / 1e3 / steps;
  }

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
