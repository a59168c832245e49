package org.mnistnn.training;

/**
 * Saves a {@link Trainer}'s state between two steps (see {@link Trainer#setCheckpointer}). Runs on
 * the training thread, so the weights are not changing while it reads them.
 */
@FunctionalInterface
public interface Checkpointer {
  /**
   * Saves the state after {@link Trainer#step()} steps; the run continues at batch {@link
   * Trainer#batch()} of epoch {@link Trainer#epoch()}.
   *
   * @throws org.mnistnn.util.UserException when the checkpoint cannot be written
   */
  void save(Trainer trainer);
}
