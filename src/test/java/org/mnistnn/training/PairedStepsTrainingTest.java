package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.network.TwoLayerNet;

/**
 * Steps whose first layer is shared with the batch helper's thread ({@link PairedSteps}) train
 * exactly as unshared steps: the same weights, loss and accuracy bit for bit, at batch sizes whose
 * last batch is whole or short, from the start and resumed mid-epoch; and the helper really ran
 * parts of them.
 */
class PairedStepsTrainingTest {
  private static final MnistDataset TRAIN = FastKernelsTrainingTest.digits(1600, 3);
  private static final MnistDataset TEST = FastKernelsTrainingTest.digits(200, 4);

  /**
   * Trains on {@link #TRAIN}; paired steps leave every part to the helper (however busy the
   * machine), so that a test knows the helper ran them.
   */
  private static Trainer run(boolean paired, int batchSize, int epochs, int resumeBatch) {
    return run(paired, true, true, batchSize, epochs, resumeBatch);
  }

  private static Trainer run(
      boolean paired,
      boolean helper,
      boolean helperOnly,
      int batchSize,
      int epochs,
      int resumeBatch) {
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(5));
    TrainConfig cfg = new TrainConfig(epochs, batchSize, 0.02f, 1e-4f, true, 100, 9, 40, 10);
    Trainer trainer = new Trainer(cfg, net, 0);
    trainer.setPairSteps(paired);
    trainer.setPrepareAhead(helper);
    trainer.setWaitForHelper(helperOnly);
    if (resumeBatch > 0) {
      trainer.resumeAt(0, resumeBatch, Double.NaN, Double.NaN);
    }
    trainer.train(TRAIN, TEST, 0);
    return trainer;
  }

  private static void assumePairing(int batchSize) {
    assumeTrue(
        BatchesAhead.pays(batchSize),
        "steps are paired only with a batch helper: a second processor, batches of at most "
            + BatchesAhead.UP_TO
            + ", and not -Dmnistnn.batchesAhead=false");
    assumeTrue(
        Kernels.get().splitsSteps(batchSize, 100),
        "steps are paired only with kernels that split them (the vector kernels), not "
            + Kernels.get().name());
  }

  private static void assertSameTraining(Trainer a, Trainer b) {
    assertThat(a.step()).isEqualTo(b.step());
    assertThat(a.net().W1).isEqualTo(b.net().W1);
    assertThat(a.net().b1).isEqualTo(b.net().b1);
    assertThat(a.net().W2).isEqualTo(b.net().W2);
    assertThat(a.net().b2).isEqualTo(b.net().b2);
    assertThat(a.smoothedLoss()).isEqualTo(b.smoothedLoss());
    assertThat(a.accuracy()).isEqualTo(b.accuracy());
  }

  /** Batches in an epoch of {@link #TRAIN}. */
  private static long stepsPerEpoch(int batchSize) {
    return (TRAIN.count() + batchSize - 1) / batchSize;
  }

  /**
   * 16 and 64 divide the 1,600 images; 48 leaves a last batch of 16. The helper starts at the run's
   * second epoch, and then runs one part of each step.
   */
  @ParameterizedTest
  @ValueSource(ints = {16, 48, 64})
  void pairedStepsTrainTheSameWeightsAsUnpairedSteps(int batchSize) {
    assumePairing(batchSize);
    Trainer unpaired = run(false, batchSize, 3, 0);
    Trainer paired = run(true, batchSize, 3, 0);
    assertThat(unpaired.pairedPartsOnHelper() + unpaired.pairedPartsOnTrainer()).isZero();
    assertThat(paired.pairedPartsOnHelper())
        .as("parts of steps the helper ran (one a step from the run's second epoch)")
        .isEqualTo(2 * stepsPerEpoch(batchSize));
    assertThat(paired.pairedPartsOnTrainer()).isZero();
    assertSameTraining(paired, unpaired);
  }

  /**
   * As a run goes by default: the trainer runs a part itself when the helper has not started it
   * (the helper was preempted, or busy with a batch), and the weights are still the same. Which
   * thread runs how many parts depends on the machine's load; every part runs on one of them.
   */
  @Test
  void partsTheHelperHasNotStartedRunOnTheTrainerToTheSameWeights() {
    assumePairing(16);
    Trainer unpaired = run(false, true, false, 16, 3, 0);
    Trainer paired = run(true, true, false, 16, 3, 0);
    assertThat(paired.pairedPartsOnHelper() + paired.pairedPartsOnTrainer())
        .isEqualTo(2 * stepsPerEpoch(16));
    assertSameTraining(paired, unpaired);
  }

  /** Resumed at batch 37 of the first epoch, the helper starts at the second (100 steps). */
  @Test
  void aResumedRunPairsItsStepsToTheSameWeights() {
    assumePairing(16);
    Trainer unpaired = run(false, 16, 2, 37);
    Trainer paired = run(true, 16, 2, 37);
    assertThat(paired.pairedPartsOnHelper()).isEqualTo(stepsPerEpoch(16));
    assertThat(paired.pairedPartsOnTrainer()).isZero();
    assertSameTraining(paired, unpaired);
  }

  /** Without a helper (as in a run's first epoch) the parts run one after the other here. */
  @Test
  void withoutAHelperThePartsRunOnTheTrainerToTheSameWeights() {
    assumeTrue(
        Kernels.get().splitsSteps(16, 100),
        "steps are taken in parts only with kernels that split them, not " + Kernels.get().name());
    Trainer unpaired = run(false, false, false, 16, 2, 0);
    Trainer inline = run(true, false, false, 16, 2, 0);
    assertThat(inline.pairedPartsOnHelper() + inline.pairedPartsOnTrainer()).isZero();
    assertSameTraining(inline, unpaired);
  }
}
