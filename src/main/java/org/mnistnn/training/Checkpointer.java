package org.mnistnn.training;

/**
 * Saves a {@link Trainer}'s state between two steps (see {@link Trainer#setCheckpointer}). Runs on
 * the training thread, so the weights are not changing while it reads them; it may write what it
 * read later, on another thread, until {@link #flush}.
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

  /**
   * Returns once every checkpoint saved so far is written; the trainer calls it before it returns.
   *
   * @throws org.mnistnn.util.UserException when one of them could not be written
   */
  default void flush() {}
}
