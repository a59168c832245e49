package org.mnistnn.training;

import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Layers;
import org.mnistnn.network.TwoLayerNet;

/**
 * The first layer of small-batch SGD steps shared between two threads: the trainer and the helper
 * of {@link BatchesAhead}, which is spinning on the second core between the batches it prepares.
 * Each keeps its own rows of W1, so that they stay in its core's cache:
 *
 * <pre>
 * helper:   W1's step on rows [0, P)     then   the next batch's x·W1 summed over pixels [0, P)
 * trainer:  W1's step on rows [P, 784), b1, W2, b2    then    waits, and sums pixels [P, 784) on
 * </pre>
 *
 * The next batch's product is started in this step because its first pixels' rows of W1 are final
 * as soon as the helper has stepped them. The trainer continues each sum where the helper left it
 * ({@link KernelProvider#sparseMatmulPart}), so every float is that of the whole product, and the
 * step's blocks of W1 are those of the whole step ({@link
 * KernelProvider#sparseMatmulTransASgdUpdateBlocks}): training gives the same weights bit for bit
 * with or without this class, whichever thread runs the helper's part (the trainer runs it itself
 * when the helper has not taken it, for instance while it is preparing a batch).
 *
 * <p>Used by {@link Trainer#trainStep(long, SparseRows, int[], Activations, Gradients,
 * BatchesAhead)} for plain SGD when the kernels split steps ({@link KernelProvider#splitsSteps}:
 * the vector kernels at batches of up to 64 with 100 hidden units) and {@code
 * -Dmnistnn.pairedSteps} is not false.
 *
 * <p>Measured (whole epochs in one JVM, alternating, the same jar with {@code
 * -Dmnistnn.pairedSteps=false} on one side, {@code bench/probes/TrainAB.java … ahead}): 0.78×,
 * 0.81× and 0.81× the time of unpaired steps at batch 16 (9, 15 and 11 pairs), 0.89× at 32 and
 * 0.74× at 64 (7 pairs each). Why it pays where earlier attempts to share a batch-16 step between
 * the cores did not: each core keeps its own rows of W1 in its cache instead of reading rows the
 * other core has just written; the helper is already awake (it spins between batches while parts
 * come), so a part costs no wake-up; and the helper's share includes the next batch's product, so
 * about 60% of the step's first-layer work is in parts that run at the same time. The JIT compiler
 * needs the second core too: the parts run on the trainer's thread before the helper starts (the
 * first epoch of {@code train}, and the first warm-up of {@code bench}), and epochs still take
 * 1.3–2× their steady time for the first two or three epochs with the helper.
 */
final class PairedSteps {
  /** Whether steps are paired where they can be (system property {@code mnistnn.pairedSteps}). */
  static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("mnistnn.pairedSteps", "true"));

  /**
   * The helper's share of W1, in blocks of {@link KernelProvider#STEP_BLOCK_ROWS} rows: rows [0,
   * 32·SPLIT_BLOCKS), pixels in the top of the image. The trainer also updates b1, W2 and b2 while
   * the helper works, and the helper's part holds the more expensive half of the next product, so
   * it gets less than half of W1.
   */
  static final int SPLIT_BLOCKS = Integer.getInteger("mnistnn.pairSplitBlocks", 11);

  private final TwoLayerNet net;
  private final double[] blockSquares;
  private final int split;
  private final int splitColumn;
  private final HelperPart part = new HelperPart();
  // x·W1 of the batch numbered productFor (rows productRows) is in productActs.z1, without b1
  private long productFor = -1;
  private SparseRows productRows;
  private Activations productActs;
  private boolean enabled = ENABLED;
  private boolean helperOnly;
  private long partsOnHelper;
  private long partsOnTrainer;

  PairedSteps(TwoLayerNet net) {
    this.net = net;
    int blocks = KernelProvider.stepBlocks(net.inputs);
    this.blockSquares = new double[blocks];
    this.split = Math.min(SPLIT_BLOCKS, blocks);
    this.splitColumn = Math.min(net.inputs, split * KernelProvider.STEP_BLOCK_ROWS);
  }

  /** Pairs steps where they can be (true) or never (false). */
  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Whether the trainer leaves every part to a live helper however long it takes to start it
   * (true), rather than running a part itself when the helper has not started it (false, the
   * default). The weights are the same either way; true is for tests, which must know that the
   * helper ran the parts whatever the machine's load.
   */
  void setHelperOnly(boolean helperOnly) {
    this.helperOnly = helperOnly;
  }

  /** Parts that the helper ran, not the trainer, so far. */
  long partsOnHelper() {
    return partsOnHelper;
  }

  /** Parts handed to a helper that the trainer ran, as the helper had not started them, so far. */
  long partsOnTrainer() {
    return partsOnTrainer;
  }

  /**
   * Whether a step of plain SGD on batch {@code x} is taken in this class's parts: with a batch
   * helper to share them with, or, before there is one (the run's first epoch), all on the
   * trainer's thread, so that the JIT compiler has the parts compiled, while it still has the
   * second core to itself, by the time the helper starts.
   */
  boolean applies(SparseRows x) {
    return enabled && Kernels.get().splitsSteps(x.rows(), net.hidden);
  }

  /** Forgets a product started for a next batch: the weights changed without it. */
  void forget() {
    productFor = -1;
    productRows = null;
    productActs = null;
  }

  /**
   * {@code a.z1 = x·W1 + b1} for batch number {@code g}: the product from the previous step if it
   * started this batch's, else the whole product now.
   */
  void firstLayer(long g, SparseRows x, Activations a) {
    a.ensure(x.rows());
    if (productFor != g || productRows != x || productActs != a) {
      // in the two parts a paired step computes, which give the whole product's floats
      KernelProvider k = Kernels.get();
      k.sparseMatmulPart(x, net.W1, a.z1, net.hidden, 0, splitColumn, false);
      k.sparseMatmulPart(x, net.W1, a.z1, net.hidden, splitColumn, net.inputs, true);
    }
    forget();
    Layers.addBias(a.z1, net.b1, x.rows(), net.hidden);
  }

  /**
   * Hands the helper its part of W1's step on batch {@code x} (after the backward pass filled
   * {@code a.dz1}) and of the next batch's product, if {@code ahead} has that batch ready; without
   * a helper ({@code ahead} null) runs the part of W1's step here, and starts no next product.
   */
  void post(long g, SparseRows x, Activations a, float lr, float reg, BatchesAhead ahead) {
    x.listColumnsForStep(net.hidden);
    SparseRows next = ahead == null ? null : ahead.peek(g + 1);
    part.set(x, a.dz1, lr, reg, next, a.z1);
    if (ahead == null) {
      part.run();
    } else {
      ahead.post(part);
    }
    Kernels.get()
        .sparseMatmulTransASgdUpdateBlocks(
            x, a.dz1, net.W1, net.hidden, lr, reg, split, blockSquares.length, blockSquares);
    if (next != null) {
      productFor = g + 1;
      productRows = next;
      productActs = a;
    }
  }

  /**
   * Waits for the helper's part (or runs it), then continues the next batch's product over the
   * trainer's pixels; returns ΣW1² of the new W1, as the whole step returns it.
   */
  float finish(BatchesAhead ahead) {
    if (ahead != null) {
      if (helperOnly ? ahead.finishOnHelper() : ahead.finish()) {
        partsOnHelper++;
      } else {
        partsOnTrainer++;
      }
    }
    if (productRows != null) {
      Kernels.get()
          .sparseMatmulPart(
              productRows, net.W1, productActs.z1, net.hidden, splitColumn, net.inputs, true);
    }
    double total = 0;
    for (double s : blockSquares) {
      total += s;
    }
    return (float) total;
  }

  /** The helper's part of a step; its fields are set before each post, read after it. */
  private final class HelperPart implements Runnable {
    private SparseRows x;
    private float[] dz1;
    private float lr;
    private float reg;
    private SparseRows next;
    private float[] z1;

    void set(SparseRows x, float[] dz1, float lr, float reg, SparseRows next, float[] z1) {
      this.x = x;
      this.dz1 = dz1;
      this.lr = lr;
      this.reg = reg;
      this.next = next;
      this.z1 = z1;
    }

    @Override
    public void run() {
      KernelProvider k = Kernels.get();
      k.sparseMatmulTransASgdUpdateBlocks(
          x, dz1, net.W1, net.hidden, lr, reg, 0, split, blockSquares);
      if (next != null) {
        k.sparseMatmulPart(next, net.W1, z1, net.hidden, 0, splitColumn, false);
      }
    }
  }
}
