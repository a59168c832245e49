package org.mnistnn.learn;

import java.util.Map;
import org.mnistnn.data.MnistDataset;

/**
 * One training step of the network, the contract between the training loop and whatever computes
 * it: {@link ReferenceStep} here (the lesson's code), or the fast engine. Both must give the same
 * weights up to float rounding.
 */
public interface Step {
  /**
   * Forward, loss, backward and update on a batch.
   *
   * @param x the batch (n × D), pixels in [0, 1]
   * @param y the labels (n)
   * @param n the batch size
   * @param lr this step's learning rate
   * @return the loss before the update, cross-entropy plus the L2 term
   */
  double take(float[] x, int[] y, int n, float lr);

  /**
   * The same step on images {@code order[from .. from+n)} of {@code data} ({@code from .. from+n}
   * when {@code order} is null), as {@link MnistDataset#copyBatch} gives them: an engine may read
   * the images in a form of its own. This one copies them and calls {@link #take(float[], int[],
   * int, float)}.
   */
  default double take(MnistDataset data, int[] order, int from, int n, float lr) {
    float[] x = new float[n * data.pixels()];
    int[] y = new int[n];
    data.copyBatch(order, from, n, x, y);
    return take(x, y, n, lr);
  }

  /** The network with the weights as the last step left them. */
  TwoLayerNet net();

  /**
   * The optimiser's state by name (the momentum velocities vW1, vb1, vW2, vb2; empty for plain
   * SGD), for checkpoints: live arrays, which {@link #restore} overwrites.
   */
  Map<String, float[]> state();

  /** Overwrites the optimiser's state with a saved copy of {@link #state()}. */
  default void restore(Map<String, float[]> saved) {
    for (Map.Entry<String, float[]> e : state().entrySet()) {
      float[] s = saved.get(e.getKey());
      if (s == null || s.length != e.getValue().length) {
        throw new IllegalArgumentException(
            "optimiser state '" + e.getKey() + "' is missing or has the wrong size");
      }
      System.arraycopy(s, 0, e.getValue(), 0, s.length);
    }
  }
}
