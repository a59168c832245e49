package org.mnistnn.learn;

import java.util.Random;
import java.util.function.IntConsumer;
import org.mnistnn.data.MnistDataset;

/**
 * The training loop of minibatch SGD, as plainly as it can be written:
 *
 * <pre>
 * for each epoch:
 *   shuffle the training images
 *   for each batch of batchSize images:
 *     forward, loss, backward, update        (one {@link Step})
 *   evaluate on the test images
 * </pre>
 *
 * The production trainer ({@code org.mnistnn.training.Trainer}) runs the same loop with the
 * batches, shuffles and steps of this class, and adds what a tool needs around it: progress,
 * metrics, checkpoints, schedules, augmentation.
 */
public final class Training {
  private Training() {}

  /**
   * Trains {@code step}'s network for {@code epochs} epochs over {@code train}, with a constant
   * learning rate, and tells {@code afterEpoch} each finished epoch (1-based).
   *
   * @return the accuracy on {@code test} after the last epoch
   */
  public static double train(
      Step step,
      MnistDataset train,
      MnistDataset test,
      int epochs,
      int batchSize,
      float lr,
      long seed,
      IntConsumer afterEpoch) {
    int n = train.count();
    float[] x = new float[batchSize * train.pixels()];
    int[] y = new int[batchSize];
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = shuffle(n, seed, epoch);
      for (int from = 0; from < n; from += batchSize) {
        int m = Math.min(batchSize, n - from);
        train.copyBatch(order, from, m, x, y);
        step.take(x, y, m, lr);
      }
      afterEpoch.accept(epoch + 1);
    }
    return accuracy(step.net(), test);
  }

  /**
   * The order in which epoch {@code epoch} (0-based) visits the {@code n} images: a Fisher–Yates
   * shuffle from a generator seeded by the run's seed and the epoch, so any epoch can be replayed
   * (which is what lets a run resume mid-epoch).
   */
  public static int[] shuffle(int n, long seed, int epoch) {
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

  /** The fraction of {@code data}'s images whose most probable class is the label. */
  public static double accuracy(TwoLayerNet net, MnistDataset data) {
    int chunk = 100;
    float[] x = new float[chunk * data.pixels()];
    int[] y = new int[chunk];
    int right = 0;
    for (int from = 0; from < data.count(); from += chunk) {
      int m = Math.min(chunk, data.count() - from);
      data.copyBatch(null, from, m, x, y);
      Forward f = net.forward(x, m);
      for (int i = 0; i < m; i++) {
        if (TwoLayerNet.argmax(f.probs(), i, net.classes) == y[i]) {
          right++;
        }
      }
    }
    return data.count() == 0 ? Double.NaN : (double) right / data.count();
  }
}
