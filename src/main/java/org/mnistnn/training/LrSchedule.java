package org.mnistnn.training;

import java.util.Locale;

/**
 * The learning rate of each step (docs/training-options.md §Learning-rate schedules). With base
 * rate lr, step t (0-based: the number of updates already made), T steps in the whole run, S steps
 * per epoch and W warm-up steps:
 *
 * <pre>
 * constant   base(t) = lr
 * step       base(t) = lr · γ^⌊t / (E·S)⌋                    ×γ every E epochs
 * cosine     base(t) = lr · ½ · (1 + cos(π · min(1, (t − W) / (T − W))))   for t ≥ W
 * lr(t) = base(t) · min(1, (t + 1) / W)                     linear warm-up (W = 0: none)
 * </pre>
 *
 * The rate depends on t alone, so a resumed run gets the same rates as an uninterrupted one.
 */
public final class LrSchedule {
  /** The schedules on offer. */
  public enum Kind {
    CONSTANT,
    STEP,
    COSINE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final float lr;
  private final long warmup;
  private final long stepEvery;
  private final float gamma;
  private final long total;

  /**
   * @param lr base learning rate
   * @param warmup W, steps of linear warm-up
   * @param stepEveryEpochs E, for {@link Kind#STEP}
   * @param gamma γ, for {@link Kind#STEP}
   * @param stepsPerEpoch S
   * @param totalSteps T, the last step of the run plus one
   */
  public LrSchedule(
      Kind kind,
      float lr,
      long warmup,
      int stepEveryEpochs,
      float gamma,
      long stepsPerEpoch,
      long totalSteps) {
    this.kind = kind;
    this.lr = lr;
    this.warmup = Math.max(0, warmup);
    this.stepEvery = Math.max(1, (long) stepEveryEpochs * stepsPerEpoch);
    this.gamma = gamma;
    this.total = totalSteps;
  }

  /** The learning rate of step {@code t} (0-based). */
  public float at(long t) {
    double base =
        switch (kind) {
          case CONSTANT -> lr;
          case STEP -> lr * Math.pow(gamma, t / stepEvery);
          case COSINE -> {
            double p = t < warmup ? 0 : (double) (t - warmup) / Math.max(1, total - warmup);
            yield lr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)));
          }
        };
    if (t < warmup) {
      base *= (t + 1) / (double) warmup;
    }
    return (float) base;
  }
}
