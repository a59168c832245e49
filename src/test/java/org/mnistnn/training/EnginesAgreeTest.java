package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;

/**
 * Both engines train the same network on the same 2,000 real images in the same order and end with
 * the same weights, up to float rounding: every difference comes from summing in another order, and
 * 125 steps of SGD do not let it grow past the tolerance below.
 */
class EnginesAgreeTest {
  /** Largest |fast − reference| allowed for any weight after an epoch of 2,000 images. */
  static final float TOLERANCE = 1e-4f;

  @Test
  void oneEpochOfTwoThousandImagesGivesTheSameWeights() {
    MnistDataset train = TestData.mnist().train().slice(0, 2000);
    MnistDataset test = TestData.mnist().test().slice(0, 500);
    TrainConfig config = new TrainConfig(1, 16, 0.02f, 1e-4f, true, 100, 1, 1000, 10);
    TwoLayerNet start = TwoLayerNet.initialised(784, 100, 10, new Random(1));
    TwoLayerNet fast = start.copy();
    TwoLayerNet ref = start.copy();
    double fastAcc = new Trainer(config, fast, 0, Engine.FAST).train(train, test, 0);
    double refAcc = new Trainer(config, ref, 0, Engine.REFERENCE).train(train, test, 0);
    float[][] f = fast.parameters();
    float[][] r = ref.parameters();
    for (int p = 0; p < 4; p++) {
      assertThat(f[p]).as(TwoLayerNet.PARAMETER_NAMES[p]).containsExactly(r[p], within(TOLERANCE));
      assertThat(f[p]).as("trained").isNotEqualTo(start.parameters()[p]);
    }
    assertThat(fastAcc).isCloseTo(refAcc, within(0.004));
  }
}
