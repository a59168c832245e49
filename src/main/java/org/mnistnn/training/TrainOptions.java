package org.mnistnn.training;

import com.google.gson.JsonObject;
import org.mnistnn.augment.AugmentSpec;

/**
 * The training options beyond the notebook's (docs/training-options.md): initialisation, momentum,
 * learning-rate schedule, validation hold-out, early stopping and augmentation. {@link #NOTEBOOK}
 * leaves every one of them off, which is the notebook's training.
 *
 * @param init weight initialisation
 * @param momentum μ of {@link org.mnistnn.learn.Sgd}; 0 means plain SGD
 * @param nesterov Nesterov's variant of momentum
 * @param schedule learning-rate schedule
 * @param warmup steps of linear learning-rate warm-up
 * @param stepEvery epochs between decays of the step schedule
 * @param stepGamma factor of each decay of the step schedule
 * @param validation images held out from the END of the training set for model selection (0: none)
 * @param patience stop after this many epochs without a better validation accuracy (0: never)
 * @param augment augmentation of the training images
 */
public record TrainOptions(
    Init init,
    float momentum,
    boolean nesterov,
    LrSchedule.Kind schedule,
    int warmup,
    int stepEvery,
    float stepGamma,
    int validation,
    int patience,
    AugmentSpec augment) {

  /** Everything off: the notebook's training. */
  public static final TrainOptions NOTEBOOK =
      new TrainOptions(
          Init.NOTEBOOK, 0f, false, LrSchedule.Kind.CONSTANT, 0, 10, 0.1f, 0, 0, AugmentSpec.NONE);

  /** Adds the options to the settings JSON (model file, report, checkpoint comparison). */
  void addTo(JsonObject o) {
    o.addProperty("init", init.toString());
    o.addProperty("momentum", momentum);
    o.addProperty("nesterov", nesterov);
    o.addProperty("lr_schedule", schedule.toString());
    o.addProperty("warmup", warmup);
    if (schedule == LrSchedule.Kind.STEP) {
      o.addProperty("lr_step_every", stepEvery);
      o.addProperty("lr_step_gamma", stepGamma);
    }
    o.addProperty("validation", validation);
    o.addProperty("early_stopping", patience);
    o.addProperty("augment", augment.kind().toString());
    switch (augment.kind()) {
      case AFFINE -> {
        o.addProperty("affine_shift", augment.shift());
        o.addProperty("affine_rotation", augment.rotation());
        o.addProperty("affine_scale", augment.scale());
      }
      case ELASTIC -> {
        o.addProperty("elastic_sigma", augment.sigma());
        o.addProperty("elastic_alpha", augment.alpha());
      }
      case NONE -> {}
    }
  }
}
