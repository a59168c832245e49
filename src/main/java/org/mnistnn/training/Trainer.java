package org.mnistnn.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
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
 */
public final class Trainer {
  private final TrainConfig config;
  private final TwoLayerNet net;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private Optimizer optimizer;
  private long step;
  private double smoothedLoss = Double.NaN;
  private volatile boolean stopRequested;

  /**
   * @param net the network to train (modified in place)
   * @param firstStep steps already taken (non-zero when resuming)
   */
  public Trainer(TrainConfig config, TwoLayerNet net, long firstStep) {
    this.config = config;
    this.net = net;
    this.step = firstStep;
    this.optimizer = new Sgd(config.reg(), config.regularizeBiases());
  }

  /** Replaces the optimiser (default: plain SGD with the config's L2). */
  public void setOptimizer(Optimizer optimizer) {
    this.optimizer = optimizer;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public void addListener(TrainingListener l) {
    listeners.add(l);
  }

  /** Asks training to stop after the current step (safe from another thread). */
  public void requestStop() {
    stopRequested = true;
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
   * evaluating on {@code test}.
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
    float[] x = new float[bs * d];
    int[] y = new int[bs];
    Activations acts = new Activations(net, bs);
    Gradients grads = new Gradients(net);
    long total = (long) stepsPerEpoch * config.epochs();
    for (TrainingListener l : listeners) {
      l.started(step, step + total, config.epochs());
    }
    double accuracy = Double.NaN;
    try {
      for (int e = firstEpoch; e < firstEpoch + config.epochs() && !stopRequested; e++) {
        long t0 = System.nanoTime();
        int[] order = shuffleOrder(n, config.seed(), e);
        for (int b = 0; b < stepsPerEpoch && !stopRequested; b++) {
          int m = Math.min(bs, n - b * bs);
          train.copyBatch(order, b * bs, m, x, y);
          double loss = trainStep(x, y, m, acts, grads);
          step++;
          if (!Double.isFinite(loss)) {
            throw new UserException(
                String.format(
                    "training diverged: the loss became %s at step %d (epoch %d); try a smaller"
                        + " learning rate than --lr %s",
                    loss, step, e + 1, config.learningRate()));
          }
          smoothedLoss =
              Double.isNaN(smoothedLoss)
                  ? loss
                  : TrainConfig.SMOOTHING * smoothedLoss + (1 - TrainConfig.SMOOTHING) * loss;
          for (TrainingListener l : listeners) {
            l.stepped(step, e + 1, smoothedLoss);
          }
          boolean epochEnd = b == stepsPerEpoch - 1;
          if (step % config.evalEvery() == 0 || epochEnd) {
            accuracy = Evaluator.accuracy(net, test);
            for (TrainingListener l : listeners) {
              l.evaluated(step, e + 1, accuracy);
            }
          }
        }
        if (!stopRequested) {
          double seconds = (System.nanoTime() - t0) / 1e9;
          for (TrainingListener l : listeners) {
            l.epochEnded(e + 1, seconds, accuracy);
          }
        }
      }
    } finally {
      for (TrainingListener l : listeners) {
        l.finished();
      }
    }
    return accuracy;
  }

  /**
   * One SGD step on a batch of {@code n} images: forward, loss, backward, update.
   *
   * @return the batch loss (cross-entropy plus L2 penalty) before the update
   */
  public double trainStep(float[] x, int[] y, int n, Activations acts, Gradients grads) {
    net.forward(x, n, acts);
    double loss = Layers.crossEntropy(acts.probs, y, n, net.classes) + penalty();
    net.backward(x, y, n, acts, grads);
    optimizer.update(net, grads, config.learningRate(), step + 1);
    return loss;
  }

  /** ½·reg·Σθ² over the weights, and over the biases when they are regularised. */
  double penalty() {
    float reg = config.reg();
    if (reg == 0f) {
      return 0;
    }
    double p = Layers.l2Penalty(net.W1, reg) + Layers.l2Penalty(net.W2, reg);
    if (config.regularizeBiases()) {
      p += Layers.l2Penalty(net.b1, reg) + Layers.l2Penalty(net.b2, reg);
    }
    return p;
  }
}
