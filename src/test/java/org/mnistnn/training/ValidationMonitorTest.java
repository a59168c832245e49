package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.TwoLayerNet;

/** Model selection by validation accuracy, and early stopping. */
class ValidationMonitorTest {

  @Test
  void theSelectedModelIsTheBestValidationEpochNotTheLast() {
    MnistDataset val = TrainerTest.halves(64, 3);
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(5));
    // the reference engine trains net in place, so the weights set by hand below are the ones the
    // monitor sees (the fast engine keeps a copy and writes it back when asked)
    Trainer t = new Trainer(TrainerTest.config(1, 5), net, 0, Engine.REFERENCE);
    ValidationMonitor m = new ValidationMonitor(t, val, 0);
    // epoch 1: weights that get the halves right; epoch 2: the same weights turned upside down
    setHalvesSolver(net, 1f);
    m.epochEnded(1, 0, 0.5);
    float[] good = net.W1.clone();
    setHalvesSolver(net, -1f);
    m.epochEnded(2, 0, 0.9);
    assertThat(m.bestEpoch()).isEqualTo(1);
    assertThat(m.bestAccuracy()).isEqualTo(1.0);
    assertThat(m.epochs()).hasSize(2);
    assertThat(m.epochs().get(1).validationAccuracy()).isLessThan(0.5);
    m.restoreBest(net);
    assertThat(net.W1).isEqualTo(good);
    assertThat(Evaluator.accuracy(net, val)).isEqualTo(1.0);
  }

  @Test
  void earlyStoppingEndsTrainingAfterPatienceEpochsWithoutImprovement() {
    // a validation set the network cannot get better at: blank images, half labelled 0, half 1
    MnistDataset blank =
        new MnistDataset(new byte[8 * 16], new byte[] {0, 1, 0, 1, 0, 1, 0, 1}, 8, 4, 4);
    MnistDataset train = TrainerTest.halves(64, 1);
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(5));
    Trainer t = new Trainer(TrainerTest.config(20, 5), net, 0);
    ValidationMonitor m = new ValidationMonitor(t, blank, 3);
    t.addListener(m);
    t.train(train, blank, 0);
    assertThat(m.stoppedEarly()).isTrue();
    assertThat(m.bestEpoch()).isEqualTo(1);
    assertThat(m.epochs()).hasSize(4);
    assertThat(t.step()).isEqualTo(4 * 8);
    assertThat(t.stopped()).as("early stopping is a normal finish, not an interruption").isFalse();
  }

  @Test
  void withoutPatienceEveryEpochRuns() {
    MnistDataset train = TrainerTest.halves(64, 1);
    TwoLayerNet net = TwoLayerNet.initialised(16, 6, 2, new Random(5));
    Trainer t = new Trainer(TrainerTest.config(5, 5), net, 0);
    ValidationMonitor m = new ValidationMonitor(t, TrainerTest.halves(32, 9), 0);
    t.addListener(m);
    t.train(train, TrainerTest.halves(16, 2), 0);
    assertThat(m.epochs()).hasSize(5);
    assertThat(m.stoppedEarly()).isFalse();
    double best =
        m.epochs().stream()
            .mapToDouble(ValidationMonitor.Epoch::validationAccuracy)
            .max()
            .orElseThrow();
    assertThat(m.bestAccuracy()).isEqualTo(best);
    // the earliest epoch reaching the best accuracy is chosen
    int first =
        m.epochs().stream()
            .filter(e -> e.validationAccuracy() == best)
            .findFirst()
            .orElseThrow()
            .epoch();
    assertThat(m.bestEpoch()).isEqualTo(first);
  }

  /** Hidden unit 0 fires on the top half, unit 1 on the bottom half; sign −1 swaps the classes. */
  private static void setHalvesSolver(TwoLayerNet net, float sign) {
    java.util.Arrays.fill(net.W1, 0f);
    java.util.Arrays.fill(net.b1, 0f);
    java.util.Arrays.fill(net.W2, 0f);
    java.util.Arrays.fill(net.b2, 0f);
    for (int p = 0; p < 16; p++) {
      net.W1[p * 6 + (p < 8 ? 0 : 1)] = 1f;
    }
    // class 0 = top half lit
    net.W2[0 * 2 + 0] = sign;
    net.W2[1 * 2 + 1] = sign;
  }
}
