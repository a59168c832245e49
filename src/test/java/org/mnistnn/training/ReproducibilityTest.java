package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.augment.AugmentSpec;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;

/**
 * Every random choice derives from (seed, epoch, image index), so runs repeat bit for bit — with
 * augmentation, with the prefetch thread, and across an interruption at any step.
 */
class ReproducibilityTest {
  private static final MnistDataset DATA = TrainerTest.halves(96, 1);

  private static TrainConfig config(AugmentSpec.Kind augment) {
    TrainOptions o =
        new TrainOptions(
            Init.HE,
            0.9f,
            true,
            LrSchedule.Kind.COSINE,
            5,
            1,
            0.5f,
            0,
            0,
            new AugmentSpec(augment, 1f, 10f, 0.1f, 1.5f, 3f));
    return new TrainConfig(3, 8, 0.05f, 1e-4f, true, 6, 11, 1000, 10, o);
  }

  private static TwoLayerNet fresh(TrainConfig c) {
    return c.options().init().create(16, 6, 2, c.seed());
  }

  @Test
  void theSameSeedGivesTheSameWeightsWithEachAugmentation() {
    for (AugmentSpec.Kind kind : AugmentSpec.Kind.values()) {
      TrainConfig c = config(kind);
      TwoLayerNet a = fresh(c);
      new Trainer(c, a, 0).train(DATA, DATA, 0);
      TwoLayerNet b = fresh(c);
      new Trainer(c, b, 0).train(DATA, DATA, 0);
      assertThat(a.W1).as(kind.toString()).isEqualTo(b.W1);
      assertThat(a.W2).as(kind.toString()).isEqualTo(b.W2);
    }
    TwoLayerNet plain = fresh(config(AugmentSpec.Kind.NONE));
    new Trainer(config(AugmentSpec.Kind.NONE), plain, 0).train(DATA, DATA, 0);
    TwoLayerNet elastic = fresh(config(AugmentSpec.Kind.ELASTIC));
    new Trainer(config(AugmentSpec.Kind.ELASTIC), elastic, 0).train(DATA, DATA, 0);
    assertThat(elastic.W1).as("augmentation changes what is learned").isNotEqualTo(plain.W1);
  }

  @Test
  void prefetchingFillsExactlyTheBatchesComputedInline() {
    var aug = new AugmentSpec(AugmentSpec.Kind.ELASTIC, 1f, 10f, 0.1f, 1.5f, 3f).create(4, 4);
    int[] order = Trainer.shuffleOrder(DATA.count(), 3, 2);
    try (Batches ahead = new Batches(DATA, aug, 3, 8, true);
        Batches inline = new Batches(DATA, aug, 3, 8, false)) {
      float[] x1 = new float[8 * 16];
      float[] x2 = new float[8 * 16];
      int[] y1 = new int[8];
      int[] y2 = new int[8];
      for (int from = 0; from < DATA.count(); from += 8) {
        ahead.fill(2, order, from, 8, x1, y1);
        inline.fill(2, order, from, 8, x2, y2);
        assertThat(x1).isEqualTo(x2);
        assertThat(y1).isEqualTo(y2);
      }
      // out of sequence (as after a resume) still gives the same batch
      ahead.fill(2, order, 40, 8, x1, y1);
      inline.fill(2, order, 40, 8, x2, y2);
      assertThat(x1).isEqualTo(x2);
    }
  }

  @Test
  void resumingAtAnyStepRepeatsTheUninterruptedRun() {
    TrainConfig c = config(AugmentSpec.Kind.AFFINE);
    TwoLayerNet whole = fresh(c);
    new Trainer(c, whole, 0).train(DATA, DATA, 0);

    for (int stopAt : new int[] {1, 7, 12, 13, 30}) {
      TwoLayerNet net = fresh(c);
      Trainer first = new Trainer(c, net, 0);
      first.stopAfter(stopAt);
      first.train(DATA, DATA, 0);
      assertThat(first.step()).isEqualTo(stopAt);
      // a new trainer on the same weights with the optimiser's saved velocities
      Trainer second = new Trainer(c, net, first.step());
      second.stepper().restore(copy(first.stepper().state()));
      second.resumeAt(first.epoch(), first.batch(), first.smoothedLoss(), first.accuracy());
      second.train(DATA, DATA, 0);
      assertThat(net.W1).as("stopped at step " + stopAt).isEqualTo(whole.W1);
      assertThat(net.W2).as("stopped at step " + stopAt).isEqualTo(whole.W2);
    }
  }

  private static java.util.Map<String, float[]> copy(java.util.Map<String, float[]> m) {
    java.util.Map<String, float[]> c = new java.util.HashMap<>();
    m.forEach((k, v) -> c.put(k, v.clone()));
    return c;
  }

  @Test
  void initialisationDependsOnTheSeedOnly() {
    assertThat(fresh(config(AugmentSpec.Kind.NONE)).W1)
        .isEqualTo(Init.HE.create(16, 6, 2, 11).W1)
        .isNotEqualTo(TwoLayerNet.initialised(16, 6, 2, new Random(11)).W1);
  }
}
