package org.mnistnn.training;

import com.google.gson.JsonObject;

/**
 * Hyperparameters of a training run. The defaults are the notebook's: 100 hidden units, batch 16,
 * learning rate 0.02, L2 strength 1e-4 applied to weights and biases alike.
 *
 * @param epochs passes over the training set
 * @param batchSize images per SGD step
 * @param learningRate SGD step size
 * @param reg L2 strength λ of the penalty ½·λ·Σθ²
 * @param regularizeBiases whether the penalty also covers b1 and b2 (the notebook's choice)
 * @param hidden hidden units H
 * @param seed seed for initialisation and shuffling
 * @param evalEvery evaluate test accuracy every this many steps (and at each epoch end)
 * @param logEvery record the smoothed loss every this many steps
 * @param options initialisation, momentum, schedule, validation and augmentation (all off in {@link
 *     TrainOptions#NOTEBOOK})
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    float learningRate,
    float reg,
    boolean regularizeBiases,
    int hidden,
    long seed,
    int evalEvery,
    int logEvery,
    TrainOptions options) {

  public TrainConfig {
    if (options == null) {
      options = TrainOptions.NOTEBOOK;
    }
  }

  /** The notebook's training with the given hyperparameters (every extra option off). */
  public TrainConfig(
      int epochs,
      int batchSize,
      float learningRate,
      float reg,
      boolean regularizeBiases,
      int hidden,
      long seed,
      int evalEvery,
      int logEvery) {
    this(
        epochs,
        batchSize,
        learningRate,
        reg,
        regularizeBiases,
        hidden,
        seed,
        evalEvery,
        logEvery,
        TrainOptions.NOTEBOOK);
  }

  /** 15 passes, as in the first row of docs/results.md: about 97.5% on the test set. */
  public static final int DEFAULT_EPOCHS = 15;

  public static final int DEFAULT_BATCH = 16;
  public static final float DEFAULT_LR = 0.02f;
  public static final float DEFAULT_REG = 1e-4f;
  public static final int DEFAULT_HIDDEN = 100;

  /** Smoothing factor of the logged loss: {@code s ← 0.95·s + 0.05·loss}. */
  public static final double SMOOTHING = 0.95;

  /** The notebook's settings with the given seed. */
  public static TrainConfig defaults(long seed) {
    return new TrainConfig(
        DEFAULT_EPOCHS,
        DEFAULT_BATCH,
        DEFAULT_LR,
        DEFAULT_REG,
        true,
        DEFAULT_HIDDEN,
        seed,
        1000,
        10);
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(
        e,
        batchSize,
        learningRate,
        reg,
        regularizeBiases,
        hidden,
        seed,
        evalEvery,
        logEvery,
        options);
  }

  public TrainConfig withOptions(TrainOptions o) {
    return new TrainConfig(
        epochs,
        batchSize,
        learningRate,
        reg,
        regularizeBiases,
        hidden,
        seed,
        evalEvery,
        logEvery,
        o);
  }

  /** The settings as JSON, stored in the model file and the report. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("epochs", epochs);
    o.addProperty("batch_size", batchSize);
    o.addProperty("lr", learningRate);
    o.addProperty("reg", reg);
    o.addProperty("reg_biases", regularizeBiases);
    o.addProperty("hidden", hidden);
    o.addProperty("seed", seed);
    options.addTo(o);
    return o;
  }
}
