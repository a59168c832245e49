package org.mnistnn.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.Training;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.util.Await;
import org.mnistnn.util.UserException;

/**
 * Minibatch SGD as {@link Training} runs it — each epoch reshuffles the training set (with a
 * generator seeded by the run's seed and the epoch number, so any epoch can be replayed), then
 * takes one {@link Step} per batch — with what a tool needs around it: progress for listeners, test
 * evaluations, checkpoints, the learning-rate schedule, augmentation, resuming mid-epoch.
 *
 * <pre>
 * loss = −(1/N) Σ log probs[i, y_i] + ½·reg·Σ θ²
 * θ ← θ − lr · (dθ + reg·θ)
 * </pre>
 *
 * Which code computes the step is the {@link Engine}'s choice; the loop is the same for both.
 */
public final class Trainer {
  private final TrainConfig config;
  private final Step stepper;
  private final List<TrainingListener> listeners = new ArrayList<>();
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
  // the evaluations in the middle of an epoch: measured aside (see Aside), or as the epoch ends'
  private boolean evaluateAside = true;
  private ExecutorService asideThread;
  // an executor the caller owns, instead of a thread of the trainer's (tests)
  private ExecutorService givenThread;
  private Aside aside;
  // a checkpoint of the step of the evaluation aside, written once the listeners have heard of it;
  // while it is written, `frozen` answers for the trainer (see step(), net(), optimizerState())
  private Frozen waiting;
  private Frozen frozen;
  // steps the listeners heard of after later steps were taken (see Aside); a step to stop after
  private long reportedLate;
  private long stopAfter = -1;

  /**
   * A trainer whose steps the fast engine computes.
   *
   * @param net the network to train (modified in place)
   * @param firstStep steps already taken (non-zero when resuming)
   */
  public Trainer(TrainConfig config, TwoLayerNet net, long firstStep) {
    this(config, net, firstStep, Engine.FAST);
  }

  /**
   * @param net the network to train (modified in place; up to date whenever the checkpointer,
   *     {@link #net()} or a listener told of an evaluation looks at it; a listener told of a step
   *     late, after an evaluation aside, finds the latest step's weights)
   * @param firstStep steps already taken (non-zero when resuming)
   * @param engine the code that computes each step
   */
  public Trainer(TrainConfig config, TwoLayerNet net, long firstStep, Engine engine) {
    this.config = config;
    this.stepper = engine.create(net, config);
    this.step = firstStep;
  }

  /**
   * The step computation, whose optimiser state checkpoints save (through {@link
   * #optimizerState()}, which answers for the checkpoint's step) and restore.
   */
  public Step stepper() {
    return stepper;
  }

  /** The network being trained, with the weights of the last step. */
  public TwoLayerNet net() {
    return frozen != null ? frozen.net() : stepper.net();
  }

  /** The optimiser's state after the last step, as {@link Step#state()} gives it. */
  public Map<String, float[]> optimizerState() {
    return frozen != null && frozen.optimizerState() != null
        ? frozen.optimizerState()
        : stepper.state();
  }

  public void addListener(TrainingListener l) {
    listeners.add(l);
  }

  /**
   * Asks training to stop after the current step (safe from another thread). A listener that asks
   * when it hears of a step may hear of it late, while an evaluation is aside: training then stops
   * after the step in progress, a few steps on.
   */
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
    return frozen != null ? frozen.step() : step;
  }

  public double smoothedLoss() {
    return frozen != null ? frozen.smoothedLoss() : smoothedLoss;
  }

  /** The last measured test accuracy (NaN before the first evaluation). */
  public double accuracy() {
    return accuracy;
  }

  /** The epoch in progress (0-based) between two steps; see {@link #batch()}. */
  public int epoch() {
    return frozen != null ? frozen.epoch() : epoch;
  }

  /** The next batch of {@link #epoch()} (0 at an epoch boundary). */
  public int batch() {
    return frozen != null ? frozen.batch() : batch;
  }

  /**
   * Continues a run mid-epoch as a checkpoint left it: the first epoch trained is {@code epoch}
   * (0-based), starting at its batch {@code batch}, with the smoothed loss and last accuracy as
   * they were, so the steps that follow are exactly those of the uninterrupted run.
   */
  public void resumeAt(int epoch, int batch, double smoothedLoss, double accuracy) {
    this.resumed = true;
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

  /**
   * Whether the test evaluations in the middle of an epoch run on a thread of their own while the
   * training goes on (the default), or on the training thread across the cores as the evaluation at
   * an epoch's end does. Either way the listeners hear the same events with the same values in the
   * same order; aside, they hear an evaluation and the steps after it when it is done.
   */
  public void setEvaluateAside(boolean aside) {
    this.evaluateAside = aside;
  }

  /**
   * Stops training after step {@code step} as {@link #requestStop()} during that step would. For
   * tests: a listener that asks for the stop when it hears of a step may hear of it a few steps
   * late, while an evaluation is aside.
   */
  void stopAfter(long step) {
    this.stopAfter = step;
  }

  /** Runs the evaluations aside on {@code executor}, which stays the caller's to shut down. */
  void evaluateAsideOn(ExecutorService executor) {
    this.givenThread = executor;
  }

  /** How many steps the listeners heard of only after later steps had been taken. */
  long reportedLate() {
    return reportedLate;
  }

  /** The permutation of {@code 0 .. n-1} used for epoch {@code epoch} (0-based) of this seed. */
  public static int[] shuffleOrder(int n, long seed, int epoch) {
    return Training.shuffle(n, seed, epoch);
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
    TwoLayerNet net = stepper.net();
    if (d != net.inputs) {
      throw new UserException(
          "the images have " + d + " pixels but the network expects " + net.inputs);
    }
    float[] x = new float[bs * d];
    int[] y = new int[bs];
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
        new Batches(train, o.augment().create(train.rows(), train.cols()), config.seed(), bs, true);
    try {
      for (int e = e0; e < endEpoch && !stopRequested && !finishRequested; e++) {
        long t0 = System.nanoTime();
        int[] order = shuffleOrder(n, config.seed(), e);
        for (int b = e == e0 ? b0 : 0; b < stepsPerEpoch && !stopRequested; b++) {
          int m = Math.min(bs, n - b * bs);
          double loss;
          if (batches.augments()) {
            batches.fill(e, order, b * bs, m, x, y);
            loss = stepper.take(x, y, m, learningRate());
          } else {
            loss = stepper.take(train, order, b * bs, m, learningRate());
          }
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
          if (step == stopAfter) {
            stopRequested = true;
          }
          // the probe every PROBE_EVERY steps reads the weights, which the step writes back then
          TwoLayerNet now = step % LearningWatch.PROBE_EVERY == 0 ? stepper.net() : net;
          watch.afterStep(step, smoothedLoss, now.W1, now.b1);
          boolean epochEnd = b == stepsPerEpoch - 1;
          epoch = epochEnd ? e + 1 : e;
          batch = epochEnd ? 0 : b + 1;
          if (aside != null) {
            aside.stepped(step, e + 1, smoothedLoss);
            report(epochEnd);
          } else {
            for (TrainingListener l : listeners) {
              l.stepped(step, e + 1, smoothedLoss);
            }
          }
          if (epochEnd) {
            accuracy = Evaluator.accuracy(stepper.net(), test);
            for (TrainingListener l : listeners) {
              l.evaluated(step, e + 1, accuracy);
            }
          } else if (step % config.evalEvery() == 0) {
            if (evaluateAside) {
              report(true);
              aside = new Aside(step, e + 1, stepper.net().copy(), test);
            } else {
              accuracy = Evaluator.accuracy(stepper.net(), test);
              for (TrainingListener l : listeners) {
                l.evaluated(step, e + 1, accuracy);
              }
            }
          }
          // at an epoch's end the listeners first see epochEnded, so the checkpoint holds it too
          if (!epochEnd && checkpointEvery > 0 && step % checkpointEvery == 0) {
            checkpoint();
          }
          if (checkpointer != null) {
            checkpointer.rethrowFailure();
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
      report(true);
      if (stopRequested) {
        checkpoint();
      }
      if (checkpointer != null) {
        checkpointer.flush();
      }
    } catch (RuntimeException | Error failure) {
      // what happened before the failure is reported and saved as it was on the training thread:
      // the evaluation aside (unless it was what failed) and the checkpoint waiting for it
      try {
        if (aside != null) {
          report(true);
        }
      } catch (RuntimeException | Error e) {
        suppress(failure, e);
      }
      aside = null;
      waiting = null;
      try {
        if (checkpointer != null) {
          checkpointer.flush();
        }
      } catch (RuntimeException | Error e) {
        suppress(failure, e); // a write that failed before the failure: both are told
      }
      throw failure;
    } finally {
      if (asideThread != null) {
        asideThread.shutdownNow();
        asideThread = null;
      }
      batches.close();
      stepper.net(); // the weights of the last step, for whoever reads net from here on
      for (TrainingListener l : listeners) {
        l.finished();
      }
    }
    return accuracy;
  }

  private static void suppress(Throwable failure, Throwable also) {
    if (also != failure) {
      failure.addSuppressed(also);
    }
  }

  /**
   * When the evaluation aside is done (or, when {@code wait}, once it is), tells the listeners its
   * accuracy and then the steps taken since, as they would have heard them had it run on this
   * thread; then writes the checkpoint that waited for it, if one did. While the listeners hear of
   * the evaluation, the network holds the weights it measured.
   */
  private void report(boolean wait) {
    if (aside == null || (!wait && !aside.result.isDone())) {
      return;
    }
    Aside a = aside;
    aside = null;
    accuracy = a.accuracy();
    TwoLayerNet live = stepper.net();
    TwoLayerNet kept = live.copy();
    live.copyFrom(a.weights);
    // while they hear of it, the trainer answers for the evaluated step (its optimiser state aside)
    frozen = new Frozen(a.step, a.epochIndex, a.batch, a.smoothedLoss, live, null);
    try {
      for (TrainingListener l : listeners) {
        l.evaluated(a.step, a.epoch, accuracy);
      }
    } finally {
      frozen = null;
      live.copyFrom(kept);
    }
    if (waiting != null) {
      frozen = waiting;
      waiting = null;
      try {
        checkpointer.save(this);
      } finally {
        frozen = null;
      }
    }
    for (Told t : a.later) {
      for (TrainingListener l : listeners) {
        l.stepped(t.step(), t.epoch(), t.smoothedLoss());
      }
    }
    reportedLate += Math.max(0, a.later.size() - 1);
  }

  /** A step the listeners are told of late (see {@link Aside}). */
  private record Told(long step, int epoch, double smoothedLoss) {}

  /** What a checkpoint reads of the trainer, as it was after step {@code step}. */
  private record Frozen(
      long step,
      int epoch,
      int batch,
      double smoothedLoss,
      TwoLayerNet net,
      Map<String, float[]> optimizerState) {}

  /**
   * A test evaluation in the middle of an epoch, measured on a thread of its own from a copy of the
   * weights after step {@code step}, and the steps taken meanwhile, which the listeners hear of
   * after it. An evaluation takes the training thread about as long as 30 to 60 steps at batch 16;
   * aside it takes none of it, and the second core, which a step at batch 16 does not use, does the
   * work.
   */
  private final class Aside {
    final long step;
    final int epoch;
    final int epochIndex = Trainer.this.epoch;
    final int batch = Trainer.this.batch;
    final double smoothedLoss = Trainer.this.smoothedLoss;
    final TwoLayerNet weights;
    final Future<Double> result;
    final List<Told> later = new ArrayList<>();

    Aside(long step, int epoch, TwoLayerNet weights, MnistDataset test) {
      this.step = step;
      this.epoch = epoch;
      this.weights = weights;
      if (asideThread == null && givenThread == null) {
        asideThread =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "mnist-nn evaluation");
                  t.setDaemon(true);
                  return t;
                });
      }
      ExecutorService on = givenThread != null ? givenThread : asideThread;
      this.result = on.submit(() -> Evaluator.accuracyOnThisThread(weights, test));
    }

    void stepped(long s, int e, double loss) {
      later.add(new Told(s, e, loss));
    }

    /** The accuracy, once measured; what the evaluation threw, rethrown here. */
    double accuracy() {
      return Await.result(result);
    }
  }

  /** Hands the state after the current step to the checkpointer, once per step. */
  private void checkpoint() {
    if (checkpointer != null && checkpointedStep != step) {
      for (float[] p : stepper.net().parameters()) {
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
      TwoLayerNet now = stepper.net();
      watch.beforeCheckpoint(step, now.W1, now.b1, now.W2, now.b2);
      if (aside != null && aside.step == step) {
        // the checkpoint holds this step's accuracy: write it when that is known
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : stepper.state().entrySet()) {
          state.put(e.getKey(), e.getValue().clone());
        }
        waiting = new Frozen(step, epoch, batch, smoothedLoss, now.copy(), state);
      } else {
        report(true);
        checkpointer.save(this);
      }
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
}
