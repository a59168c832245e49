package org.mnistnn.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.Layers;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.util.UserException;

/**
 * Minibatch SGD: each epoch reshuffles the training set (with a generator seeded by the run's seed
 * and the epoch number, so any epoch can be replayed), then for each batch runs forward, backward
 * and the SGD update.
 *
 * <pre>
 * loss = −(1/N) Σ log probs[i, y_i] + ½·reg·Σ θ²
 * θ ← θ − lr · (dθ + reg·θ)
 * </pre>
 *
 * The options of {@link TrainOptions} change the pieces, not the loop: the optimiser (momentum),
 * the learning rate of each step ({@link LrSchedule}), and the batches (augmented by {@link
 * Batches}); see docs/training-options.md.
 */
public final class Trainer {
  private final TrainConfig config;
  private final TwoLayerNet net;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private Optimizer optimizer;
  private long step;
  private double smoothedLoss = Double.NaN;
  private volatile boolean stopRequested;
  // set by early stopping: ends training like a finished run, not like an interruption
  private volatile boolean finishRequested;
  private LrSchedule schedule;
  private double accuracy = Double.NaN;
  // Where training stands: the epoch in progress (0-based) and its next batch.
  private int epoch = -1;
  private int batch;
  private boolean resumed;
  private Checkpointer checkpointer;
  private long checkpointEvery;
  private long checkpointedStep = -1;
  // stops a run that no longer learns (dead units, a stalled loss) and vets checkpoints
  private LearningWatch watch;
  // Σθ² of W1, b1, W2, b2 as the last step's update left them (when squaresValid), so the next
  // step's L2 penalty needs no pass of its own over the weights
  private final float[] squares = new float[4];
  private boolean squaresValid;
  // the batch's non-zero pixels, for trainStep(float[] …)
  private final SparseRows xRows = new SparseRows();
  // the first layer shared with the batch helper's thread, where it can be
  private final PairedSteps paired;
  // whether train prepares batches on a helper thread (Batches), and how many it took from one
  private boolean prepareAhead = true;
  private boolean waitForHelper;
  private long preparedAhead;

  /**
   * @param net the network to train (modified in place)
   * @param firstStep steps already taken (non-zero when resuming)
   */
  public Trainer(TrainConfig config, TwoLayerNet net, long firstStep) {
    this.config = config;
    this.net = net;
    this.paired = new PairedSteps(net);
    this.step = firstStep;
    this.optimizer = config.options().optimizer(net, config);
  }

  /**
   * Whether {@link #train} prepares batches on a helper thread (default true): the next batch with
   * augmentation, many ahead without ({@link BatchesAhead}, where it pays). Results are the same
   * either way; false is for tests that compare the two.
   */
  void setPrepareAhead(boolean prepareAhead) {
    this.prepareAhead = prepareAhead;
  }

  /** Batches {@link #train} took ready from a {@link BatchesAhead} helper so far. */
  long batchesPreparedAhead() {
    return preparedAhead;
  }

  /**
   * Whether steps share their first layer with the batch helper's thread where they can ({@link
   * PairedSteps}; default true unless {@code -Dmnistnn.pairedSteps=false}). The weights are the
   * same either way; false is for tests that compare the two.
   */
  void setPairSteps(boolean pair) {
    paired.setEnabled(pair);
  }

  /**
   * Whether small-batch steps of plain SGD share their first layer with the batch helper's thread
   * in this JVM, for a hidden layer of {@code hidden} units: a helper runs ({@link
   * BatchesAhead#pays}), the kernels split steps, and {@code -Dmnistnn.pairedSteps} is not false.
   */
  public static boolean pairsSteps(int hidden) {
    return PairedSteps.ENABLED && BatchesAhead.pays(1) && Kernels.get().splitsSteps(1, hidden);
  }

  /**
   * Whether the trainer waits for the batch helper ({@link BatchesAhead}) to prepare each batch and
   * to run each part of a paired step handed to it (true), rather than doing that work itself when
   * the helper has not started it (false, the default). The weights are the same either way; true
   * is for tests, which must know that the helper did the work however busy the machine is.
   */
  void setWaitForHelper(boolean waitForHelper) {
    this.waitForHelper = waitForHelper;
    paired.setHelperOnly(waitForHelper);
  }

  /** Parts of paired steps that the batch helper's thread ran (not the trainer's) so far. */
  public long pairedPartsOnHelper() {
    return paired.partsOnHelper();
  }

  /**
   * Parts of paired steps handed to the batch helper that the trainer ran itself (the helper had
   * not started them) so far.
   */
  public long pairedPartsOnTrainer() {
    return paired.partsOnTrainer();
  }

  /** Replaces the optimiser (default: plain SGD with the config's L2). */
  public void setOptimizer(Optimizer optimizer) {
    this.optimizer = optimizer;
    squaresValid = false;
    paired.forget();
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** The network being trained. */
  public TwoLayerNet net() {
    return net;
  }

  public void addListener(TrainingListener l) {
    listeners.add(l);
  }

  /** Asks training to stop after the current step (safe from another thread). */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Ends training after the current epoch as if it had run its course (early stopping); unlike
   * {@link #requestStop()} this is a normal finish, not an interruption.
   */
  public void finishEarly() {
    finishRequested = true;
  }

  /** The learning rate of the next step, as the schedule gives it. */
  public float learningRate() {
    return schedule == null ? config.learningRate() : schedule.at(step);
  }

  public boolean stopped() {
    return stopRequested;
  }

  public long step() {
    return step;
  }

  public double smoothedLoss() {
    return smoothedLoss;
  }

  /** The last measured test accuracy (NaN before the first evaluation). */
  public double accuracy() {
    return accuracy;
  }

  /** The epoch in progress (0-based) between two steps; see {@link #batch()}. */
  public int epoch() {
    return epoch;
  }

  /** The next batch of {@link #epoch()} (0 at an epoch boundary). */
  public int batch() {
    return batch;
  }

  /**
   * Continues a run mid-epoch as a checkpoint left it: the first epoch trained is {@code epoch}
   * (0-based), starting at its batch {@code batch}, with the smoothed loss and last accuracy as
   * they were, so the steps that follow are exactly those of the uninterrupted run.
   */
  public void resumeAt(int epoch, int batch, double smoothedLoss, double accuracy) {
    this.resumed = true;
    this.squaresValid = false;
    this.epoch = epoch;
    this.batch = batch;
    this.smoothedLoss = smoothedLoss;
    this.accuracy = accuracy;
  }

  /**
   * Saves a checkpoint through {@code c} every {@code every} steps (0: never) and when training
   * stops on {@link #requestStop()}; never after a step whose loss was not finite.
   */
  public void setCheckpointer(Checkpointer c, long every) {
    this.checkpointer = c;
    this.checkpointEvery = every;
  }

  /** The permutation of {@code 0 .. n-1} used for epoch {@code epoch} (0-based) of this seed. */
  public static int[] shuffleOrder(int n, long seed, int epoch) {
    Random rng = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * Trains for {@code config.epochs()} epochs starting at epoch {@code firstEpoch} (0-based),
   * evaluating on {@code test}. After {@link #resumeAt} it starts at the saved position instead and
   * still ends after epoch {@code firstEpoch + config.epochs()}.
   *
   * @return the test accuracy after the last epoch (NaN when stopped before any evaluation)
   */
  public double train(MnistDataset train, MnistDataset test, int firstEpoch) {
    int n = train.count();
    int bs = config.batchSize();
    int stepsPerEpoch = (n + bs - 1) / bs;
    int d = train.pixels();
    if (d != net.inputs) {
      throw new UserException(
          "the images have " + d + " pixels but the network expects " + net.inputs);
    }
    SparseRows x = new SparseRows();
    int[] y = new int[bs];
    Activations acts = new Activations(net, bs);
    Gradients grads = new Gradients(net);
    int endEpoch = firstEpoch + config.epochs();
    int e0 = resumed ? epoch : firstEpoch;
    int b0 = resumed ? batch : 0;
    if (e0 > endEpoch) {
      throw new UserException(
          "the checkpoint is in epoch "
              + (e0 + 1)
              + ", past the end of this run (epoch "
              + endEpoch
              + "); resume with the --epochs of the interrupted run or more");
    }
    if (b0 < 0 || b0 >= stepsPerEpoch) {
      throw new UserException(
          "the checkpoint continues at batch "
              + b0
              + " but an epoch of this data has "
              + stepsPerEpoch
              + " batches; resume with the same --data and --batch-size");
    }
    long total = (long) stepsPerEpoch * (endEpoch - e0) - b0;
    squaresValid = false; // the weights may have changed since the last step
    paired.forget();
    TrainOptions o = config.options();
    schedule =
        new LrSchedule(
            o.schedule(),
            config.learningRate(),
            o.warmup(),
            o.stepEvery(),
            o.stepGamma(),
            stepsPerEpoch,
            (long) stepsPerEpoch * endEpoch);
    for (TrainingListener l : listeners) {
      l.started(step, step + total, config.epochs());
    }
    epoch = e0;
    batch = b0;
    watch = new LearningWatch(train, config.learningRate(), step);
    Batches batches =
        new Batches(
            train,
            o.augment().create(train.rows(), train.cols()),
            config.seed(),
            bs,
            prepareAhead,
            e -> shuffleOrder(n, config.seed(), e),
            net.hidden);
    batches.setWaitForHelper(waitForHelper);
    try {
      for (int e = e0; e < endEpoch && !stopRequested && !finishRequested; e++) {
        long t0 = System.nanoTime();
        int[] order = shuffleOrder(n, config.seed(), e);
        for (int b = e == e0 ? b0 : 0; b < stepsPerEpoch && !stopRequested; b++) {
          int m = Math.min(bs, n - b * bs);
          long g = (long) e * stepsPerEpoch + b;
          SparseRows xb = batches.next(e, order, b, m, x, y);
          double loss = trainStep(g, xb, y, acts, grads, batches.ahead());
          step++;
          if (!Double.isFinite(loss)) {
            throw new DivergedException(
                String.format(
                    "training diverged: the loss became %s at step %d (epoch %d); try a smaller"
                        + " learning rate than --lr %s",
                    loss, step, e + 1, TrainConfig.formatNumber(config.learningRate())),
                step);
          }
          smoothedLoss =
              Double.isNaN(smoothedLoss)
                  ? loss
                  : TrainConfig.SMOOTHING * smoothedLoss + (1 - TrainConfig.SMOOTHING) * loss;
          watch.afterStep(step, smoothedLoss, net.W1, net.b1);
          for (TrainingListener l : listeners) {
            l.stepped(step, e + 1, smoothedLoss);
          }
          boolean epochEnd = b == stepsPerEpoch - 1;
          if (step % config.evalEvery() == 0 || epochEnd) {
            if (batches.ahead() != null) {
              batches.ahead().pause(); // the evaluation uses both cores
            }
            accuracy = Evaluator.accuracy(net, test);
            for (TrainingListener l : listeners) {
              l.evaluated(step, e + 1, accuracy);
            }
          }
          epoch = epochEnd ? e + 1 : e;
          batch = epochEnd ? 0 : b + 1;
          // at an epoch's end the listeners first see epochEnded, so the checkpoint holds it too
          if (!epochEnd && checkpointEvery > 0 && step % checkpointEvery == 0) {
            checkpoint();
          }
        }
        if (epoch == e + 1) {
          double seconds = (System.nanoTime() - t0) / 1e9;
          for (TrainingListener l : listeners) {
            l.epochEnded(e + 1, seconds, accuracy);
          }
          if (checkpointEvery > 0 && step % checkpointEvery == 0) {
            checkpoint();
          }
        }
      }
      if (stopRequested) {
        checkpoint();
      }
    } finally {
      batches.close();
      preparedAhead += batches.preparedAhead();
      for (TrainingListener l : listeners) {
        l.finished();
      }
    }
    return accuracy;
  }

  /** Hands the state after the current step to the checkpointer, once per step. */
  private void checkpoint() {
    if (checkpointer != null && checkpointedStep != step) {
      for (float[] p : net.parameters()) {
        for (float v : p) {
          if (!Float.isFinite(v)) {
            throw new DivergedException(
                String.format(
                    "training diverged: the weights became NaN or infinite at step %d; try a"
                        + " smaller learning rate than --lr %s",
                    step, TrainConfig.formatNumber(config.learningRate())),
                step);
          }
        }
      }
      watch.beforeCheckpoint(step, net.W1, net.b1, net.W2, net.b2);
      checkpointer.save(this);
      checkpointedStep = step;
    }
  }

  /** Training stopped because the loss stopped being a finite number. */
  public static final class DivergedException extends UserException {
    private static final long serialVersionUID = 1L;
    private final long step;

    DivergedException(String message, long step) {
      super(message);
      this.step = step;
    }

    /** The step whose loss was not finite. */
    public long step() {
      return step;
    }
  }

  /**
   * One SGD step on a batch of {@code n} images: forward, loss, backward, update.
   *
   * <p>The L2 term uses the sums of squares the previous call's update returned (the optimisers
   * that compute them on the way: plain SGD), else a pass over the weights. Between two calls the
   * weights must only change through this method; {@link #train} starts with a fresh pass.
   *
   * @return the batch loss (cross-entropy plus L2 penalty) before the update
   */
  public double trainStep(float[] x, int[] y, int n, Activations acts, Gradients grads) {
    Layers.listNonZeros(x, n, net.inputs, xRows);
    return trainStep(xRows, y, acts, grads);
  }

  /**
   * {@link #trainStep(float[], int[], int, Activations, Gradients)} for a batch given by its
   * non-zero pixels (as {@link Batches} fills it, from the images' lists made once).
   */
  public double trainStep(SparseRows x, int[] y, Activations acts, Gradients grads) {
    paired.forget();
    net.forward(x, acts);
    double loss = Layers.crossEntropy(acts.probs, y, x.rows(), net.classes) + penalty();
    squaresValid =
        optimizer.backwardAndUpdate(net, x, y, acts, grads, learningRate(), step + 1, squares);
    return loss;
  }

  /**
   * {@link #trainStep(SparseRows, int[], Activations, Gradients)} for batch number {@code g} (0, 1,
   * 2, … in the order of the run) of a run whose batches {@code ahead} prepares (null: none yet).
   * With plain SGD, where the kernels allow, the step is taken in the parts of {@link PairedSteps}:
   * its first layer shared with {@code ahead}'s helper thread and the next batch's first product
   * started, or, without a helper, the same parts one after the other on this thread. The weights
   * are the same bit for bit either way.
   */
  public double trainStep(
      long g, SparseRows x, int[] y, Activations acts, Gradients grads, BatchesAhead ahead) {
    if (!(optimizer instanceof Sgd sgd) || !paired.applies(x)) {
      return trainStep(x, y, acts, grads);
    }
    paired.firstLayer(g, x, acts);
    net.forwardAfterFirstLayer(x.rows(), acts);
    double loss = Layers.crossEntropy(acts.probs, y, x.rows(), net.classes) + penalty();
    net.backwardToDz1(x, y, acts, grads);
    float lr = learningRate();
    paired.post(g, x, acts, lr, sgd.reg(), ahead);
    sgd.updateAllButW1(net, grads, lr, squares);
    squares[0] = paired.finish(ahead);
    squaresValid = true;
    return loss;
  }

  /** ½·reg·Σθ² over the weights, and over the biases when they are regularised. */
  double penalty() {
    float reg = config.reg();
    if (reg == 0f) {
      return 0;
    }
    if (!squaresValid) {
      squares[0] = Layers.sumOfSquares(net.W1);
      squares[1] = Layers.sumOfSquares(net.b1);
      squares[2] = Layers.sumOfSquares(net.W2);
      squares[3] = Layers.sumOfSquares(net.b2);
    }
    double p = Layers.l2Penalty(squares[0], reg) + Layers.l2Penalty(squares[2], reg);
    if (config.regularizeBiases()) {
      p += Layers.l2Penalty(squares[1], reg) + Layers.l2Penalty(squares[3], reg);
    }
    return p;
  }
}
