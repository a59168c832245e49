package org.mnistnn.training;

import java.util.Map;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.TwoLayerNet;

/** Updates the parameters from their gradients after each step. */
public interface Optimizer {
  /**
   * Applies one update for step {@code step} (1-based) with learning rate {@code lr}.
   *
   * @param g gradients of the data loss (the L2 term is the optimiser's to add)
   */
  void update(TwoLayerNet net, Gradients g, float lr, long step);

  /**
   * The backward pass and the update of one training step, after {@code net.forward(x, a)} on the
   * batch x (given by its non-zero pixels): by default {@link TwoLayerNet#backward} into {@code g},
   * then {@link #update}. An optimiser may compute more on the way (plain SGD: the sums of squares
   * of the new parameters).
   *
   * @param g gradients: an optimiser may leave some unfilled when it folds them into the update
   *     (plain SGD never stores dW1); read them after {@link TwoLayerNet#backward}, not after this
   * @param squares receives Σθ² of the new W1, b1, W2, b2, in that order, when the optimiser
   *     computes them on the way (for the next step's L2 penalty)
   * @return whether {@code squares} was filled (false by default)
   */
  default boolean backwardAndUpdate(
      TwoLayerNet net,
      SparseRows x,
      int[] y,
      Activations a,
      Gradients g,
      float lr,
      long step,
      float[] squares) {
    net.backward(x, y, a, g);
    update(net, g, lr, step);
    return false;
  }

  /** State beyond the weights (e.g. velocities), by name, for checkpoints; empty for plain SGD. */
  default Map<String, float[]> state() {
    return Map.of();
  }

  /** Restores what {@link #state()} returned. */
  default void restore(Map<String, float[]> state) {}
}
