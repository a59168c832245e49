import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.mnistnn.data.*;
import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.training.*;

/**
 * Filling a training batch's {@code SparseRows} three ways in one JVM: "list" is {@code
 * MnistDataset.listNonZeros} (the SWAR listing of the batch's bytes, every step), "copy" is {@code
 * MnistDataset.copyNonZeros} (a copy from every image's lists, made once, by the vector kernels),
 * and "scalar copy" is the same copy by the scalar kernels' plain loop. Three parts:
 *
 * <ol>
 *   <li>the one-time build: the first {@code nonZeroLists()} of the process (cold: interpreted,
 *       then compiled on the way), then warm builds on fresh copies of the training set;
 *   <li>equality: every batch of one shuffled epoch at batch 16, and a partial batch of 7, filled
 *       both ways and compared entry for entry, floats bit for bit (fields by reflection);
 *   <li>time per batch fill, batch 16, in rotating rounds of 375 batches each way, two settings:
 *       "alone" (fills back to back) and "in training" (each fill followed by {@code
 *       Trainer.trainStep}, which evicts the caches as training does; only the fill is timed; the
 *       sides train their own equal nets on the same batches, so their losses must stay equal:
 *       checked), where the whole step's time (fill and trainStep) is given too. Medians and
 *       ranges of the rounds.
 * </ol>
 *
 * <p>Run from the repository root after a build: {@code flock /tmp/cpu.lock java -XX:+UseSerialGC
 * --add-modules jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/PrelistProbe.java 31
 * [MNIST_DIR]} (31 rounds each way and setting). The source launcher compiles the probe in the same
 * JVM, which keeps the JIT busy during the first build; for that figure compile it first ({@code
 * javac --add-modules jdk.incubator.vector -cp target/mnist-nn.jar -d /tmp/probe bench/probes/PrelistProbe.java}, then {@code java ...
 * -cp target/mnist-nn.jar:/tmp/probe PrelistProbe 31}).
 *
 * <p>Three compiled runs on a busy machine (the other core benchmarking): build first 124-130 ms,
 * later 60-77; alone list 13.5-17.0 µs, copy 5.3-6.4, scalar copy 14.7-20.0 (paired copy/list
 * 0.38-0.43); in training list 14.1-18.7, copy 7.8-8.9 (0.48-0.54); whole steps 109.1 against
 * 107.8 µs (paired 0.945, one run of 41 rounds).
 */
public class PrelistProbe {
  static final int BS = 16;
  static final int STEPS = 375;
  static final KernelProvider SCALAR = Kernels.scalar();

  public static void main(String[] args) throws Exception {
    Path dir =
        args.length > 1
            ? Path.of(args[1])
            : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist");
    MnistData d = MnistLoader.load(dir);
    int rounds = Integer.parseInt(args[0]);
    MnistDataset train = d.train();
    int n = train.count();

    // 1. the one-time build
    long t0 = System.nanoTime();
    train.nonZeroLists();
    double coldMs = (System.nanoTime() - t0) / 1e6;
    double[] warm = new double[7];
    for (int i = 0; i < warm.length; i++) {
      MnistDataset copy = train.slice(0, n);
      long t1 = System.nanoTime();
      copy.nonZeroLists();
      warm[i] = (System.nanoTime() - t1) / 1e6;
    }
    System.out.printf(
        "build: first %.1f ms, then median %.1f ms (range %.1f-%.1f); %d non-zeros, %.1f MB%n",
        coldMs, median(warm), min(warm), max(warm), train.nonZeroLists().nonZeros(),
        (4.0 * train.nonZeroLists().nonZeros() + 4.0 * (n + 1)) / 1e6);

    // 2. equality over one epoch, and a partial batch at the end
    SparseRows a = new SparseRows();
    SparseRows b = new SparseRows();
    int[] ya = new int[BS];
    int[] yb = new int[BS];
    int[] order = Trainer.shuffleOrder(n, 1, 0);
    long entries = 0;
    for (int from = 0; from < n; from += BS) {
      int m = Math.min(BS, n - from);
      train.listNonZeros(order, from, m, a, ya);
      train.copyNonZeros(order, from, m, b, yb);
      entries += same(a, b);
      if (!Arrays.equals(ya, 0, m, yb, 0, m)) throw new AssertionError("labels differ");
    }
    train.listNonZeros(order, n - 7, 7, a, ya);
    train.copyNonZeros(order, n - 7, 7, b, yb);
    entries += same(a, b);
    System.out.printf("equal: %d batches, %d entries, all the same%n", n / BS + 1, entries);

    // 3. time per fill
    String[] names = {"list", "copy", "scalar copy"};
    Side[] sides = {new Side(train, 0), new Side(train, 1), new Side(train, 2)};
    for (boolean step : new boolean[] {false, true}) {
      double[][] t = new double[3][rounds];
      double[][] w = new double[3][rounds];
      for (int r = -5; r < rounds; r++) {
        // rotating which side goes first, so a slow spell of the machine hits all
        for (int j = 0; j < 3; j++) {
          int s = (r + 5 + j) % 3;
          double us = sides[s].fills(STEPS, step);
          if (r >= 0) {
            t[s][r] = us;
            w[s][r] = sides[s].lastWall;
          }
        }
      }
      if (sides[0].lossSum != sides[1].lossSum || sides[0].lossSum != sides[2].lossSum)
        throw new AssertionError("the losses differ");
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) ratio[r] = t[1][r] / t[0][r];
      System.out.printf("%s:", step ? "in training" : "alone      ");
      for (int s = 0; s < 3; s++)
        System.out.printf(
            " %s median %.2f µs/fill (%.2f-%.2f);", names[s], median(t[s]), min(t[s]), max(t[s]));
      System.out.printf(" median of paired ratios copy/list %.3f%n", median(ratio));
      if (step) {
        double[] stepRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) stepRatio[r] = w[1][r] / w[0][r];
        System.out.printf(
            "whole steps (fill + trainStep): list median %.1f µs (%.1f-%.1f), copy median %.1f"
                + " (%.1f-%.1f), median of paired ratios copy/list %.3f%n",
            median(w[0]), min(w[0]), max(w[0]), median(w[1]), min(w[1]), max(w[1]),
            median(stepRatio));
      }
    }
  }

  /** One way of filling, with its own net, on the epoch's batches in order. */
  static final class Side {
    final MnistDataset train;
    final int way;
    final TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(1));
    final Trainer trainer =
        new Trainer(
            new TrainConfig(1, BS, 0.02f, 1e-4f, true, 100, 1, Integer.MAX_VALUE, Integer.MAX_VALUE),
            net,
            0);
    final SparseRows x = new SparseRows();
    final int[] y = new int[BS];
    final Activations acts = new Activations(net, BS);
    final Gradients grads = new Gradients(net);
    final int[] order;
    int pos;
    double lossSum;
    double lastWall; // µs per batch of the last fills(), fill and step

    Side(MnistDataset train, int way) {
      this.train = train;
      this.way = way;
      order = Trainer.shuffleOrder(train.count(), 1, 3);
    }

    /** µs per fill over {@code steps} fills (each followed by a training step when asked). */
    double fills(int steps, boolean step) {
      long fill = 0;
      long w0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        if (pos + BS > train.count()) pos = 0;
        long t0 = System.nanoTime();
        switch (way) {
          case 0 -> train.listNonZeros(order, pos, BS, x, y);
          case 1 -> train.copyNonZeros(order, pos, BS, x, y);
          default -> {
            SCALAR.copyRows(train.nonZeroLists(), order, pos, BS, 1f / 255f, x);
            for (int q = 0; q < BS; q++) y[q] = train.label(order[pos + q]);
          }
        }
        fill += System.nanoTime() - t0;
        pos += BS;
        if (step) lossSum += trainer.trainStep(x, y, acts, grads);
      }
      lastWall = (System.nanoTime() - w0) / 1e3 / steps;
      return fill / 1e3 / steps;
    }
  }

  /** Asserts the two lists hold the same entries; returns how many. */
  static int same(SparseRows a, SparseRows b) throws Exception {
    if (a.rows() != b.rows() || a.cols() != b.cols() || a.nonZeros() != b.nonZeros())
      throw new AssertionError("shapes or counts differ");
    int[] sa = (int[]) field("rowStart").get(a), sb = (int[]) field("rowStart").get(b);
    int[] ca = (int[]) field("col").get(a), cb = (int[]) field("col").get(b);
    float[] va = (float[]) field("val").get(a), vb = (float[]) field("val").get(b);
    int nz = a.nonZeros();
    if (!Arrays.equals(sa, 0, a.rows() + 1, sb, 0, a.rows() + 1)) throw new AssertionError("rows");
    if (!Arrays.equals(ca, 0, nz, cb, 0, nz)) throw new AssertionError("columns differ");
    for (int t = 0; t < nz; t++) {
      if (Float.floatToRawIntBits(va[t]) != Float.floatToRawIntBits(vb[t]))
        throw new AssertionError("values differ at " + t);
    }
    return nz;
  }

  static Field field(String name) throws Exception {
    Field f = SparseRows.class.getDeclaredField(name);
    f.setAccessible(true);
    return f;
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

  static double max(double[] a) {
    return Arrays.stream(a).max().getAsDouble();
  }
}
