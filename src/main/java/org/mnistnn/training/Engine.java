package org.mnistnn.training;

import java.util.Locale;
import org.mnistnn.engine.FastStep;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.ReferenceStep;
import org.mnistnn.learn.Step;
import org.mnistnn.learn.TwoLayerNet;

/** Which code computes the training steps ({@code train --engine}). */
public enum Engine {
  /** The lesson's plain loops ({@link ReferenceStep}): slow, and the thing to read. */
  REFERENCE,
  /** The fast engine ({@link FastStep}), tested against the reference. */
  FAST;

  /** A step that trains {@code net} in place with the settings of {@code config}. */
  public Step create(TwoLayerNet net, TrainConfig config) {
    L2 l2 = new L2(config.reg(), config.regularizeBiases());
    TrainOptions o = config.options();
    return this == REFERENCE
        ? new ReferenceStep(net, l2, o.momentum(), o.nesterov())
        : new FastStep(net, l2, o.momentum(), o.nesterov());
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
