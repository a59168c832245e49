package org.mnistnn.training;

/**
 * Receives progress from a {@link Trainer}; all methods run on the training thread, in the order of
 * the steps. While an evaluation in the middle of an epoch runs aside ({@link
 * Trainer#setEvaluateAside}), the trainer goes on: that evaluation and the steps taken meanwhile
 * are told when it is done, with the values they had then. While a listener hears of an evaluation
 * the trainer and its network answer for the evaluated step; while it hears of a step told late,
 * they answer for the latest.
 */
public interface TrainingListener {
  /** Training is about to start: {@code totalSteps} steps over {@code epochs} epochs. */
  default void started(long firstStep, long totalSteps, int epochs) {}

  /** One SGD step finished; {@code step} counts from 1. */
  default void stepped(long step, int epoch, double smoothedLoss) {}

  /** Test accuracy was measured after {@code step}. */
  default void evaluated(long step, int epoch, double testAccuracy) {}

  /** Epoch {@code epoch} (1-based) ended after {@code seconds} of training. */
  default void epochEnded(int epoch, double seconds, double testAccuracy) {}

  /** Training finished or stopped. */
  default void finished() {}
}
