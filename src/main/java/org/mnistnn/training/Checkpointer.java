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
   * <p>The trainer's getters answer for that step while this runs; the optimiser's state is {@link
   * Trainer#optimizerState()} (not {@code trainer.stepper().state()}, which is the live state).
   *
   * @throws org.mnistnn.util.UserException when the checkpoint cannot be written
   */
  void save(Trainer trainer);

  /**
   * Returns once every checkpoint saved so far is written; the trainer calls it before it returns.
   *
   * @throws RuntimeException what a write failed with (a {@link org.mnistnn.util.UserException}
   *     when the file could not be written)
   */
  default void flush() {}

  /**
   * Throws now what the last checkpoint's write failed with, if it has failed; returns at once
   * otherwise (the trainer calls it after every step, so that a failed write stops the run soon).
   */
  default void rethrowFailure() {}
}
