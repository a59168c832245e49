package org.mnistnn.cli;

import java.util.Locale;
import org.mnistnn.augment.AugmentSpec;
import org.mnistnn.training.Init;
import org.mnistnn.training.LrSchedule;
import org.mnistnn.training.TrainOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code train} options beyond the notebook's: initialisation, momentum, learning-rate
 * schedule, validation, early stopping and augmentation. Their math is in docs/training-options.md.
 */
final class TrainOptionsMixin {
  @Option(
      names = "--init",
      paramLabel = "SCHEME",
      defaultValue = "notebook",
      description =
          "Weight initialisation: notebook (N(0,1)/√fan_out, the notebook's), he (N(0, 2/fan_in))"
              + " or xavier (N(0, 2/(fan_in+fan_out))) (default: ${DEFAULT-VALUE}).")
  String init;

  @Option(
      names = "--momentum",
      paramLabel = "MU",
      defaultValue = "0",
      description =
          "Classical momentum μ in [0, 1): v ← μ·v − lr·g, θ ← θ + v (default: ${DEFAULT-VALUE},"
              + " plain SGD).")
  float momentum;

  @Option(
      names = "--nesterov",
      description = "Use Nesterov's accelerated gradient instead of classical momentum.")
  boolean nesterov;

  @Option(
      names = "--lr-schedule",
      paramLabel = "KIND",
      defaultValue = "constant",
      description =
          "Learning-rate schedule: constant, step (×GAMMA every --lr-step-every epochs) or cosine"
              + " (from --lr down to 0 at the last step) (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--warmup",
      paramLabel = "STEPS",
      defaultValue = "0",
      description =
          "Raise the learning rate linearly from lr/STEPS to lr over the first STEPS steps"
              + " (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--lr-step-every",
      paramLabel = "EPOCHS",
      defaultValue = "10",
      description = "Step schedule: epochs between decays (default: ${DEFAULT-VALUE}).")
  int stepEvery;

  @Option(
      names = "--lr-step-gamma",
      paramLabel = "GAMMA",
      defaultValue = "0.1",
      description = "Step schedule: factor of each decay (default: ${DEFAULT-VALUE}).")
  float stepGamma;

  @Option(
      names = "--validation",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Hold out the LAST N training images; after each epoch measure accuracy on them and save"
              + " the epoch with the best validation accuracy as the model (never chosen by test"
              + " accuracy) (default: ${DEFAULT-VALUE}, no hold-out).")
  int validation;

  @Option(
      names = "--early-stopping",
      paramLabel = "PATIENCE",
      defaultValue = "0",
      description =
          "With --validation: stop when PATIENCE epochs in a row did not improve validation"
              + " accuracy (default: ${DEFAULT-VALUE}, never).")
  int patience;

  @Option(
      names = "--augment",
      paramLabel = "KIND",
      defaultValue = "none",
      description =
          "Distort each training image afresh every epoch: none, affine (random shift, rotation,"
              + " scale) or elastic (Simard et al. 2003) (default: ${DEFAULT-VALUE}).")
  String augment;

  @Option(
      names = "--affine-shift",
      paramLabel = "PIXELS",
      defaultValue = "" + AugmentSpec.DEFAULT_SHIFT,
      description = "Affine: largest shift along each axis (default: ${DEFAULT-VALUE}).")
  float shift;

  @Option(
      names = "--affine-rotation",
      paramLabel = "DEGREES",
      defaultValue = "" + AugmentSpec.DEFAULT_ROTATION,
      description = "Affine: largest rotation either way (default: ${DEFAULT-VALUE}).")
  float rotation;

  @Option(
      names = "--affine-scale",
      paramLabel = "FRACTION",
      defaultValue = "" + AugmentSpec.DEFAULT_SCALE,
      description = "Affine: largest relative change of size (default: ${DEFAULT-VALUE}).")
  float scale;

  @Option(
      names = "--elastic-sigma",
      paramLabel = "SIGMA",
      defaultValue = "4",
      description =
          "Elastic: standard deviation of the Gaussian that smooths the displacement field, in"
              + " pixels (default: ${DEFAULT-VALUE}).")
  float sigma;

  @Option(
      names = "--elastic-alpha",
      paramLabel = "ALPHA",
      defaultValue = "34",
      description =
          "Elastic: scale of the smoothed displacement field, in pixels (default:"
              + " ${DEFAULT-VALUE}).")
  float alpha;

  @Option(
      names = "--eval-every",
      paramLabel = "STEPS",
      defaultValue = "1000",
      description =
          "Measure test accuracy every STEPS steps for the progress lines and metrics.csv, and at"
              + " every epoch end (0: only at epoch ends) (default: ${DEFAULT-VALUE}).")
  int evalEvery;

  /**
   * Checks the values and builds the options; {@code trainImages} is the training-set size, of
   * which {@code --validation} must leave at least one batch of {@code batchSize} to train on.
   */
  TrainOptions toOptions(CommandLine cl, int trainImages, int batchSize) {
    Init i = choice(cl, "--init", init, Init.class);
    LrSchedule.Kind s = choice(cl, "--lr-schedule", schedule, LrSchedule.Kind.class);
    AugmentSpec.Kind a = choice(cl, "--augment", augment, AugmentSpec.Kind.class);
    check(cl, momentum >= 0f && momentum < 1f, "--momentum must be in [0, 1), got " + momentum);
    check(cl, !nesterov || momentum > 0f, "--nesterov needs a --momentum above 0 (e.g. 0.9)");
    check(cl, warmup >= 0, "--warmup must be 0 or a number of steps, got " + warmup);
    check(cl, stepEvery >= 1, "--lr-step-every must be at least 1 epoch, got " + stepEvery);
    check(
        cl,
        stepGamma > 0f && stepGamma <= 1f,
        "--lr-step-gamma must be in (0, 1], got " + stepGamma);
    check(
        cl,
        validation >= 0 && validation < trainImages,
        "--validation must be between 0 and "
            + (trainImages - 1)
            + " (the training set has "
            + trainImages
            + " images), got "
            + validation);
    check(
        cl,
        validation == 0 || trainImages - validation >= batchSize,
        "--validation "
            + validation
            + " leaves "
            + (trainImages - validation)
            + " of the "
            + trainImages
            + " training images to train on, less than one batch (--batch-size "
            + batchSize
            + "); hold out fewer");
    check(cl, patience >= 0, "--early-stopping must be 0 (off) or a number of epochs");
    check(
        cl,
        patience == 0 || validation > 0,
        "--early-stopping needs held-out images to watch; add --validation N (e.g. 5000)");
    check(cl, shift >= 0f && shift <= 14f, "--affine-shift must be between 0 and 14 pixels");
    check(cl, rotation >= 0f && rotation <= 180f, "--affine-rotation must be 0 to 180 degrees");
    check(cl, scale >= 0f && scale < 1f, "--affine-scale must be in [0, 1), got " + scale);
    check(cl, sigma > 0f && sigma <= 28f, "--elastic-sigma must be in (0, 28], got " + sigma);
    check(cl, alpha >= 0f && alpha <= 1000f, "--elastic-alpha must be in [0, 1000], got " + alpha);
    check(cl, evalEvery >= 0, "--eval-every must be 0 or a number of steps, got " + evalEvery);
    return new TrainOptions(
        i,
        momentum,
        nesterov,
        s,
        warmup,
        stepEvery,
        stepGamma,
        validation,
        patience,
        new AugmentSpec(a, shift, rotation, scale, sigma, alpha));
  }

  /** The step count between test evaluations as the trainer takes it (never 0). */
  int evalEvery() {
    return evalEvery == 0 ? Integer.MAX_VALUE : evalEvery;
  }

  private static void check(CommandLine cl, boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(cl, message);
    }
  }

  private static <E extends Enum<E>> E choice(
      CommandLine cl, String option, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new CommandLine.ParameterException(
        cl, option + " must be one of " + allowed + ", got '" + value + "'");
  }
}
