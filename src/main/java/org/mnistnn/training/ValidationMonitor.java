package org.mnistnn.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.util.AtomicFiles;

/**
 * Model selection on held-out images (docs/training-options.md §Validation): after every epoch it
 * measures the accuracy on the validation images, keeps a copy of the weights whenever that
 * accuracy is the best so far (strictly better: ties keep the earlier, cheaper model), and, with a
 * patience P &gt; 0, ends training once P epochs in a row brought no improvement. The test set
 * plays no part in any of these decisions.
 */
public final class ValidationMonitor implements TrainingListener {
  /** One finished epoch: validation and test accuracy of the weights at its end. */
  public record Epoch(int epoch, double validationAccuracy, double testAccuracy, double seconds) {}

  private final Trainer trainer;
  private final MnistDataset validation;
  private final int patience;
  private final List<Epoch> epochs = new ArrayList<>();
  private TwoLayerNet best;
  private int bestEpoch = -1;
  private double bestAccuracy = Double.NEGATIVE_INFINITY;
  private boolean stoppedEarly;
  private Consumer<String> log = line -> {};

  /**
   * @param patience epochs without improvement before stopping; 0 never stops
   */
  public ValidationMonitor(Trainer trainer, MnistDataset validation, int patience) {
    if (validation.count() == 0) {
      throw new IllegalArgumentException("the validation set is empty");
    }
    this.trainer = trainer;
    this.validation = validation;
    this.patience = patience;
  }

  @Override
  public void epochEnded(int epoch, double seconds, double testAccuracy) {
    TwoLayerNet net = trainer.net();
    double acc = Evaluator.accuracy(net, validation);
    epochs.add(new Epoch(epoch, acc, testAccuracy, seconds));
    if (acc > bestAccuracy) {
      bestAccuracy = acc;
      bestEpoch = epoch;
      best = net.copy();
    } else if (patience > 0 && epoch - bestEpoch >= patience) {
      stoppedEarly = true;
      trainer.finishEarly();
    }
    log.accept(
        String.format(
            Locale.ROOT,
            "epoch %d validation accuracy %.4f%s",
            epoch,
            acc,
            bestEpoch == epoch
                ? " (best so far)"
                : stoppedEarly
                    ? "; no better for " + (epoch - bestEpoch) + " epochs, stopping"
                    : ""));
  }

  /** Where to report each epoch's validation accuracy (default: nowhere). */
  public void setLog(Consumer<String> log) {
    this.log = log;
  }

  /** The weights of the best epoch so far (a copy), or null before the first epoch ended. */
  public TwoLayerNet best() {
    return best;
  }

  /** The epoch (1-based) whose weights {@link #best()} holds, or -1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The validation accuracy of {@link #best()}. */
  public double bestAccuracy() {
    return bestAccuracy;
  }

  /** Whether training ended because validation accuracy stopped improving. */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** Every finished epoch in order. */
  public List<Epoch> epochs() {
    return List.copyOf(epochs);
  }

  /**
   * Puts back the state a checkpoint saved ({@link Checkpoint}): the epochs so far, the best
   * weights and whether early stopping had already ended the run, so a resumed run selects the same
   * model.
   */
  public void restore(
      List<Epoch> epochsSoFar,
      TwoLayerNet bestSoFar,
      int bestEpochSoFar,
      double bestAccuracySoFar,
      boolean stopped) {
    epochs.clear();
    epochs.addAll(epochsSoFar);
    best = bestSoFar;
    bestEpoch = bestEpochSoFar;
    bestAccuracy = bestAccuracySoFar;
    stoppedEarly = stopped;
    if (stopped) {
      trainer.finishEarly();
    }
  }

  /** Copies the best weights into {@code net} (the network being trained). */
  public void restoreBest(TwoLayerNet net) {
    if (best != null) {
      float[][] from = best.parameters();
      float[][] to = net.parameters();
      for (int k = 0; k < from.length; k++) {
        System.arraycopy(from[k], 0, to[k], 0, from[k].length);
      }
    }
  }

  /** {@code validation.csv}: epoch, validation accuracy, test accuracy, seconds, selected. */
  public void write(Path file) throws IOException {
    StringBuilder sb =
        new StringBuilder("epoch,validation_accuracy,test_accuracy,seconds,selected\n");
    for (Epoch e : epochs) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%d,%.4f,%.4f,%.2f,%d\n",
              e.epoch(),
              e.validationAccuracy(),
              e.testAccuracy(),
              e.seconds(),
              e.epoch() == bestEpoch ? 1 : 0));
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
