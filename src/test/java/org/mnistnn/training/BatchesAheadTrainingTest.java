package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.network.TwoLayerNet;

/**
 * {@link Trainer#train} with its batches prepared ahead on a helper thread trains exactly as with
 * every batch filled on the trainer's own thread: the same weights bit for bit, from the start of a
 * run and resumed mid-epoch, and the helper really supplied batches (from the run's second epoch
 * on: during the first, the JIT compiler has the second core).
 */
class BatchesAheadTrainingTest {
  private static final MnistDataset TRAIN = FastKernelsTrainingTest.digits(1600, 3);
  private static final MnistDataset TEST = FastKernelsTrainingTest.digits(200, 4);

  /**
   * Trains on {@link #TRAIN} at batch 16; with a helper, the trainer waits for it to prepare each
   * batch (however busy the machine), so that a test knows the helper prepared them.
   */
  private static Trainer run(boolean ahead, int epochs, int resumeBatch) {
    return run(ahead, true, epochs, resumeBatch);
  }

  private static Trainer run(boolean ahead, boolean waitForHelper, int epochs, int resumeBatch) {
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(5));
    TrainConfig cfg = new TrainConfig(epochs, 16, 0.02f, 1e-4f, true, 100, 9, 40, 10);
    Trainer trainer = new Trainer(cfg, net, 0);
    trainer.setPrepareAhead(ahead);
    trainer.setWaitForHelper(waitForHelper);
    if (resumeBatch > 0) {
      trainer.resumeAt(0, resumeBatch, Double.NaN, Double.NaN);
    }
    trainer.train(TRAIN, TEST, 0);
    return trainer;
  }

  private static void assumeTheHelperRuns() {
    assumeTrue(
        BatchesAhead.pays(16),
        "batches are prepared ahead only with a second processor (and not with"
            + " -Dmnistnn.batchesAhead=false)");
  }

  private static void assertSameWeights(Trainer a, Trainer b) {
    assertThat(a.net().W1).isEqualTo(b.net().W1);
    assertThat(a.net().b1).isEqualTo(b.net().b1);
    assertThat(a.net().W2).isEqualTo(b.net().W2);
    assertThat(a.net().b2).isEqualTo(b.net().b2);
    assertThat(a.smoothedLoss()).isEqualTo(b.smoothedLoss());
    assertThat(a.accuracy()).isEqualTo(b.accuracy());
  }

  @Test
  void batchesPreparedAheadTrainTheSameWeightsAsBatchesFilledInline() {
    assumeTheHelperRuns();
    Trainer inline = run(false, 3, 0);
    Trainer ahead = run(true, 3, 0);
    assertThat(inline.batchesPreparedAhead()).isZero();
    assertThat(ahead.batchesPreparedAhead())
        .as("batches of the second and third epochs")
        .isEqualTo(200);
    assertThat(ahead.step()).isEqualTo(inline.step()).isEqualTo(300);
    assertSameWeights(ahead, inline);
  }

  /**
   * As a run goes by default: the trainer fills a batch itself when the helper has not got to it,
   * and the weights are still the same, however the batches fell between the two threads.
   */
  @Test
  void batchesTheHelperHasNotPreparedAreFilledInlineToTheSameWeights() {
    assumeTheHelperRuns();
    Trainer inline = run(false, false, 3, 0);
    Trainer racing = run(true, false, 3, 0);
    assertThat(racing.batchesPreparedAhead()).isBetween(0L, 200L);
    assertThat(racing.step()).isEqualTo(300);
    assertSameWeights(racing, inline);
  }

  @Test
  void theHelperWaitsForTheRunsSecondEpoch() {
    assumeTheHelperRuns();
    assertThat(run(true, 1, 0).batchesPreparedAhead()).isZero();
  }

  @Test
  void aRunResumedMidEpochTakesItsBatchesFromWhereItResumes() {
    assumeTheHelperRuns();
    Trainer inline = run(false, 2, 37);
    Trainer ahead = run(true, 2, 37);
    assertThat(ahead.batchesPreparedAhead()).as("batches of the second epoch").isEqualTo(100);
    assertThat(ahead.step()).isEqualTo(inline.step()).isEqualTo(200 - 37);
    assertSameWeights(ahead, inline);
  }
}
