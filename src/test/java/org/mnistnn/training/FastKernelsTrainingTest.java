package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.TwoLayerNet;

/**
 * Whole training steps with the fast kernels against the reference kernels: the same losses to
 * rounding, and bit-for-bit the same weights when the same run is repeated.
 */
class FastKernelsTrainingTest {
  private final KernelProvider before = Kernels.get();
  private final String note = Kernels.describe();

  @AfterEach
  void restore() {
    Kernels.use(before, note);
  }

  /** Sparse random "digits" (19% ink) with labels that depend on the image, so it can learn. */
  static MnistDataset digits(int count, long seed) {
    Random rng = new Random(seed);
    byte[] img = new byte[count * 784];
    byte[] lab = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = rng.nextInt(10);
      lab[i] = (byte) label;
      for (int p = 0; p < 784; p++) {
        boolean ink = rng.nextFloat() < 0.12f || (p / 78 == label && rng.nextFloat() < 0.6f);
        img[i * 784 + p] = ink ? (byte) (1 + rng.nextInt(255)) : 0;
      }
    }
    return new MnistDataset(img, lab, count, 28, 28);
  }

  /** Runs {@code steps} SGD steps of batch {@code bs} and returns the losses; net is trained. */
  static double[] train(TwoLayerNet net, MnistDataset data, int bs, int steps) {
    return train(net, data, bs, steps, null);
  }

  /** As {@link #train(TwoLayerNet, MnistDataset, int, int)} with another optimiser (null: SGD). */
  static double[] train(
      TwoLayerNet net, MnistDataset data, int bs, int steps, Optimizer optimizer) {
    TrainConfig cfg = new TrainConfig(1, bs, 0.02f, 1e-4f, true, net.hidden, 1, 1000, 10);
    Trainer trainer = new Trainer(cfg, net, 0);
    if (optimizer != null) {
      trainer.setOptimizer(optimizer);
    }
    float[] x = new float[bs * 784];
    int[] y = new int[bs];
    Activations acts = new Activations(net, bs);
    Gradients grads = new Gradients(net);
    int[] order = Trainer.shuffleOrder(data.count(), 1, 0);
    double[] losses = new double[steps];
    for (int s = 0; s < steps; s++) {
      int from = (s * bs) % (data.count() - bs + 1);
      data.copyBatch(order, from, bs, x, y);
      losses[s] = trainer.trainStep(x, y, bs, acts, grads);
    }
    return losses;
  }

  /**
   * Plain SGD folds dW1 into the update of W1 and hands back Σθ² for the next step's L2 penalty;
   * the unfused path (backward into the gradients, the update, a pass of its own for Σθ²) must give
   * the same weights bit for bit, with either provider, and the same losses (bit for bit with the
   * scalar kernels; the vector kernels sum Σθ² for the L2 term in another order, which may change
   * its last bits).
   */
  @Test
  void fusedSgdStepsEqualBackwardThenUpdate() {
    MnistDataset data = digits(400, 5);
    for (KernelProvider k : new KernelProvider[] {Kernels.scalar(), Kernels.vector()}) {
      assertNotNull(k, "run the tests with --add-modules jdk.incubator.vector");
      Kernels.use(k, "test");
      TwoLayerNet fused = TwoLayerNet.initialised(784, 100, 10, new Random(9));
      double[] fusedLosses = train(fused, data, 16, 60);
      Sgd sgd = new Sgd(1e-4f, true);
      Optimizer unfused = sgd::update; // only update: the default backward-then-update step
      TwoLayerNet plain = TwoLayerNet.initialised(784, 100, 10, new Random(9));
      double[] plainLosses = train(plain, data, 16, 60, unfused);
      if (k == Kernels.scalar()) {
        assertArrayEquals(plainLosses, fusedLosses, k.name() + " losses");
      } else {
        // the vector kernel sums Σθ² in another order: the L2 term may differ in its last bits
        assertArrayEquals(plainLosses, fusedLosses, 1e-6, k.name() + " losses");
      }
      float[][] want = plain.parameters();
      float[][] got = fused.parameters();
      for (int i = 0; i < want.length; i++) {
        assertArrayEquals(want[i], got[i], k.name() + " " + TwoLayerNet.PARAMETER_NAMES[i]);
      }
    }
  }

  /**
   * Training lists each batch's non-zero pixels straight from the bytes ({@code Batches}); the
   * steps must be those of the float batch {@code copyBatch} makes, bit for bit.
   */
  @Test
  void stepsFromBytesEqualStepsFromFloats() {
    MnistDataset data = digits(400, 6);
    int bs = 16;
    TwoLayerNet fromFloats = TwoLayerNet.initialised(784, 100, 10, new Random(4));
    double[] want = train(fromFloats, data, bs, 40);
    TwoLayerNet fromBytes = TwoLayerNet.initialised(784, 100, 10, new Random(4));
    TrainConfig cfg = new TrainConfig(1, bs, 0.02f, 1e-4f, true, 100, 1, 1000, 10);
    Trainer trainer = new Trainer(cfg, fromBytes, 0);
    byte[] pixels = new byte[bs * 784];
    SparseRows x = new SparseRows();
    int[] y = new int[bs];
    Activations acts = new Activations(fromBytes, bs);
    Gradients grads = new Gradients(fromBytes);
    int[] order = Trainer.shuffleOrder(data.count(), 1, 0);
    double[] got = new double[want.length];
    for (int s = 0; s < got.length; s++) {
      data.copyImageBytes(order, (s * bs) % (data.count() - bs + 1), bs, pixels, y);
      x.listBytes(pixels, bs, 784, 1f / 255f);
      got[s] = trainer.trainStep(x, y, acts, grads);
    }
    assertArrayEquals(want, got, "losses");
    assertArrayEquals(fromFloats.W1, fromBytes.W1, "W1");
    assertArrayEquals(fromFloats.b1, fromBytes.b1, "b1");
    assertArrayEquals(fromFloats.W2, fromBytes.W2, "W2");
    assertArrayEquals(fromFloats.b2, fromBytes.b2, "b2");
  }

  @Test
  void fastAndReferenceStepsGiveTheSameLosses() {
    KernelProvider vector = Kernels.vector();
    assertNotNull(vector, "run the tests with --add-modules jdk.incubator.vector");
    MnistDataset data = digits(800, 3);
    Kernels.use(Kernels.scalar(), "test");
    TwoLayerNet refNet = TwoLayerNet.initialised(784, 100, 10, new Random(7));
    double[] ref = train(refNet, data, 16, 150);
    Kernels.use(vector, "test");
    TwoLayerNet fastNet = TwoLayerNet.initialised(784, 100, 10, new Random(7));
    double[] fast = train(fastNet, data, 16, 150);
    for (int i = 0; i < ref.length; i++) {
      assertThat(fast[i]).as("loss at step %d", i).isCloseTo(ref[i], within(ref[i]));
    }
    assertThat(ref[ref.length - 1]).as("it learned").isLessThan(ref[0] * 0.7);
    for (int i = 0; i < refNet.W1.length; i++) {
      assertThat((double) fastNet.W1[i]).isCloseTo(refNet.W1[i], within(1));
    }
  }

  /** 150 steps of float rounding drift: 1e-4 relative to the value (or to 1 for small ones). */
  private static org.assertj.core.data.Offset<Double> within(double scale) {
    return org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(scale)));
  }

  @Test
  void fastTrainingIsReproducibleBitForBitAtEveryBatchSize() {
    KernelProvider vector = Kernels.vector();
    assertNotNull(vector, "run the tests with --add-modules jdk.incubator.vector");
    Kernels.use(vector, "test");
    MnistDataset data = digits(1200, 4);
    for (int bs : new int[] {16, 300}) {
      TwoLayerNet a = TwoLayerNet.initialised(784, 100, 10, new Random(9));
      TwoLayerNet b = TwoLayerNet.initialised(784, 100, 10, new Random(9));
      double[] la = train(a, data, bs, 20);
      double[] lb = train(b, data, bs, 20);
      assertArrayEquals(la, lb, "losses at batch " + bs);
      assertArrayEquals(a.W1, b.W1, "W1 at batch " + bs);
      assertArrayEquals(a.W2, b.W2, "W2 at batch " + bs);
    }
  }
}
