package org.mnistnn.training;

import java.util.Locale;
import org.mnistnn.data.MnistDataset;

/**
 * Stops a run whose network has stopped learning while its loss stays finite, which the check for
 * NaN and infinity never sees. A too large learning rate ({@code --lr 2} to {@code 100}) pushes
 * every hidden unit's pre-activation below zero for every image within a few hundred steps; ReLU
 * then passes no gradient back, the output depends on b2 alone, and training would run to the end
 * at 10% and save that model. Three checks, from plain loops over the weights, so they hold
 * whichever engine takes the steps:
 *
 * <ul>
 *   <li><b>dead units</b>, every {@value #PROBE_EVERY} steps: no hidden unit is active ({@code z1 =
 *       x·W1 + b1 > 0}) on any of the first {@value #PROBE_IMAGES} training images;
 *   <li><b>stalled</b>, every {@value #STALL_WINDOW} steps: the smoothed loss is still no better
 *       than guessing ({@code ln 10}, the loss of uniform probabilities) and has not fallen by 1%
 *       over the last {@value #STALL_WINDOW} steps;
 *   <li><b>blown up</b>, before a checkpoint is written: the weights to be saved give a
 *       cross-entropy above {@code 10·ln 10} on the probe images, so a checkpoint never holds
 *       weights on their way to infinity.
 * </ul>
 *
 * Each ends training with a {@link Trainer.DivergedException} whose one line names the step and
 * suggests a learning rate.
 */
public final class LearningWatch {
  /** The loss of a network that gives each of the ten classes probability 1/10. */
  static final double GUESSING = Math.log(10);

  static final int PROBE_EVERY = 100;
  static final int PROBE_IMAGES = 32;
  static final int STALL_WINDOW = 500;

  /** The probe loss above which weights are not checkpointed: ten times guessing. */
  static final double BLOWN_UP = 10 * GUESSING;

  // the probe images' non-zero pixels, image i's in [start[i], start[i+1]) of index and value
  private final int[] start;
  private final int[] index;
  private final float[] value;
  private final int[] labels;
  private final float lr;
  private final long firstStep;
  private double lossAtMark = Double.NaN;

  /**
   * @param train the training images (the first {@value #PROBE_IMAGES} are the probe)
   * @param lr the learning rate, for the suggestion
   * @param firstStep the steps already taken when this run starts (non-zero when resuming)
   */
  public LearningWatch(MnistDataset train, float lr, long firstStep) {
    int n = Math.min(PROBE_IMAGES, train.count());
    int d = train.pixels();
    start = new int[n + 1];
    int nonZeros = 0;
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < d; p++) {
        nonZeros += train.pixel(i, p) != 0 ? 1 : 0;
      }
    }
    labels = new int[n];
    index = new int[nonZeros];
    value = new float[nonZeros];
    int k = 0;
    for (int i = 0; i < n; i++) {
      start[i] = k;
      labels[i] = train.label(i);
      for (int p = 0; p < d; p++) {
        int v = train.pixel(i, p);
        if (v != 0) {
          index[k] = p;
          value[k++] = v / 255f;
        }
      }
    }
    start[n] = k;
    this.lr = lr;
    this.firstStep = firstStep;
  }

  /**
   * Checks the state after step {@code step} (counted from the start of training, 1 = the first)
   * with first-layer weights {@code W1} (D × H) and {@code b1} (H).
   *
   * @throws Trainer.DivergedException when the network has stopped learning
   */
  public void afterStep(long step, double smoothedLoss, float[] W1, float[] b1) {
    if (step % PROBE_EVERY == 0) {
      requireLiveUnit(step, W1, b1);
    }
    long taken = step - firstStep;
    if (taken > 0 && taken % STALL_WINDOW == 0) {
      if (smoothedLoss >= GUESSING && smoothedLoss > 0.99 * lossAtMark) {
        throw stop(
            step,
            String.format(
                Locale.ROOT,
                "the smoothed loss %.3f is no better than guessing (ln 10 = 2.303) and has not"
                    + " fallen over the last %d steps",
                smoothedLoss,
                STALL_WINDOW),
            lr > TrainConfig.DEFAULT_LR ? "smaller" : "larger");
      }
      lossAtMark = smoothedLoss;
    }
  }

  /**
   * Checks the weights about to be checkpointed after step {@code step} — W1 (D × H), b1 (H), W2 (H
   * × 10), b2 (10) — on the probe images themselves, since the smoothed loss describes the weights
   * before the last update: some hidden unit is alive, and their cross-entropy is at most {@code
   * 10·ln 10}.
   *
   * @throws Trainer.DivergedException when they are not worth keeping
   */
  public void beforeCheckpoint(long step, float[] W1, float[] b1, float[] W2, float[] b2) {
    requireLiveUnit(step, W1, b1);
    double loss = probeLoss(W1, b1, W2, b2);
    if (!(loss <= BLOWN_UP)) {
      throw stop(
          step,
          String.format(
              Locale.ROOT,
              "its loss on %d training images has blown up to %.3g, so these weights are not"
                  + " saved",
              labels.length,
              loss),
          "smaller");
    }
  }

  private void requireLiveUnit(long step, float[] W1, float[] b1) {
    if (!anyUnitAlive(W1, b1)) {
      throw stop(
          step,
          "every hidden unit is dead (ReLU gives 0 on each of "
              + labels.length
              + " training images), so the answer no longer depends on the image",
          "smaller");
    }
  }

  /** Whether some hidden unit has {@code z1 > 0} on some probe image. */
  boolean anyUnitAlive(float[] W1, float[] b1) {
    float[] z = new float[b1.length];
    for (int i = 0; i < labels.length; i++) {
      firstLayer(i, W1, b1, z);
      for (float v : z) {
        if (v > 0) {
          return true; // a healthy network stops at its first image
        }
      }
    }
    return false;
  }

  /** The mean cross-entropy −log probs[y] over the probe images (no L2 term). */
  double probeLoss(float[] W1, float[] b1, float[] W2, float[] b2) {
    int h = b1.length;
    int c = b2.length;
    float[] z1 = new float[h];
    double[] z2 = new double[c];
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      firstLayer(i, W1, b1, z1);
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        double v = b2[k];
        for (int j = 0; j < h; j++) {
          v += Math.max(0f, z1[j]) * (double) W2[j * c + k];
        }
        z2[k] = v;
        max = Math.max(max, v);
      }
      double exp = 0;
      for (int k = 0; k < c; k++) {
        exp += Math.exp(z2[k] - max); // less the max, so exp cannot overflow
      }
      sum += max + Math.log(exp) - z2[labels[i]];
    }
    return sum / Math.max(1, labels.length);
  }

  /** z1 = x·W1 + b1 of probe image {@code i} into {@code z} (H). */
  private void firstLayer(int i, float[] W1, float[] b1, float[] z) {
    int h = b1.length;
    System.arraycopy(b1, 0, z, 0, h);
    for (int k = start[i]; k < start[i + 1]; k++) {
      float x = value[k];
      int row = index[k] * h;
      for (int j = 0; j < h; j++) {
        z[j] += x * W1[row + j];
      }
    }
  }

  private Trainer.DivergedException stop(long step, String why, String direction) {
    return new Trainer.DivergedException(
        String.format(
            Locale.ROOT,
            "training stopped at step %d: the network is not learning: %s; try a %s learning rate"
                + " than --lr %s (the default is %s)",
            step,
            why,
            direction,
            TrainConfig.formatNumber(lr),
            TrainConfig.formatNumber(TrainConfig.DEFAULT_LR)),
        step);
  }
}
