package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;

/** The training loop on small synthetic data: shuffling, reproducibility, learning. */
class TrainerTest {

  /** Two easy classes: class 0 lights the top half, class 1 the bottom half, plus noise. */
  static MnistDataset halves(int count, long seed) {
    Random rng = new Random(seed);
    byte[] images = new byte[count * 16];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = i % 2;
      labels[i] = (byte) label;
      for (int p = 0; p < 16; p++) {
        boolean lit = (p < 8) == (label == 0);
        images[i * 16 + p] = (byte) ((lit ? 180 : 0) + rng.nextInt(60));
      }
    }
    return new MnistDataset(images, labels, count, 4, 4);
  }

  static TrainConfig config(int epochs, long seed) {
    return new TrainConfig(epochs, 8, 0.1f, 1e-4f, true, 6, seed, 1000, 10);
  }

  @Test
  void shuffleIsAPermutationFixedBySeedAndEpoch() {
    int[] a = Trainer.shuffleOrder(1000, 7, 3);
    assertThat(Arrays.stream(a).sorted().toArray())
        .isEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
    assertThat(Trainer.shuffleOrder(1000, 7, 3)).isEqualTo(a);
    assertThat(Trainer.shuffleOrder(1000, 7, 4)).isNotEqualTo(a);
    assertThat(Trainer.shuffleOrder(1000, 8, 3)).isNotEqualTo(a);
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    TwoLayerNet a = train(3, 42);
    TwoLayerNet b = train(3, 42);
    for (int k = 0; k < 4; k++) {
      assertThat(a.parameters()[k]).isEqualTo(b.parameters()[k]);
    }
    TwoLayerNet c = train(3, 43);
    assertThat(c.W1).isNotEqualTo(a.W1);
  }

  @Test
  void learnsAnEasyProblemAndTheLossFalls() {
    MnistDataset data = halves(256, 1);
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(5));
    Trainer t = new Trainer(config(20, 5), net, 0);
    MetricsLog log = new MetricsLog(10);
    t.addListener(log);
    double acc = t.train(data, halves(64, 2), 0);
    assertThat(acc).isGreaterThan(0.95);
    double first = log.rows().get(0).smoothedLoss();
    double last = log.rows().get(log.rows().size() - 1).smoothedLoss();
    assertThat(last).isLessThan(first / 4);
    assertThat(t.step()).isEqualTo(20 * 32);
  }

  @Test
  void stopRequestEndsTrainingEarly() {
    MnistDataset data = halves(256, 1);
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(5));
    Trainer t = new Trainer(config(5, 5), net, 0);
    t.addListener(
        new TrainingListener() {
          @Override
          public void stepped(long step, int epoch, double loss) {
            if (step == 7) {
              t.requestStop();
            }
          }
        });
    // no evaluation in the middle of an epoch (every 1,000 steps of 160): step 7 is told at once
    t.train(data, halves(16, 2), 0);
    assertThat(t.step()).isEqualTo(7);
  }

  @Test
  void stopAfterEndsTrainingAfterThatStep() {
    MnistDataset data = halves(256, 1);
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(5));
    Trainer t = new Trainer(config(5, 5), net, 0);
    t.stopAfter(7);
    t.train(data, halves(16, 2), 0);
    assertThat(t.step()).isEqualTo(7);
    assertThat(t.stopped()).isTrue();
  }

  private static TwoLayerNet train(int epochs, long seed) {
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(seed));
    new Trainer(config(epochs, seed), net, 0).train(halves(128, 1), halves(16, 2), 0);
    return net;
  }
}
