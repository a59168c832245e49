package org.mnistnn.training;

import java.util.Map;
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

  /** State beyond the weights (e.g. velocities), by name, for checkpoints; empty for plain SGD. */
  default Map<String, float[]> state() {
    return Map.of();
  }

  /** Restores what {@link #state()} returned. */
  default void restore(Map<String, float[]> state) {}
}
