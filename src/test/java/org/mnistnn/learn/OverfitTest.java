package org.mnistnn.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;

/**
 * A smoke test of the whole learning loop: on 64 real images the network must be able to drive its
 * loss close to zero (memorise them). If forward, backward or the update were wrong, it could not.
 */
class OverfitTest {
  @Test
  void memorisesSixtyFourImages() {
    MnistDataset train = TestData.mnist().train();
    int n = 64;
    int d = train.pixels();
    float[] x = new float[n * d];
    int[] y = new int[n];
    train.copyBatch(null, 0, n, x, y);
    TwoLayerNet net = TwoLayerNet.initialised(d, 100, 10, new Random(1));
    Step step = new ReferenceStep(net, L2.NONE, 0f, false);
    double first = step.take(x, y, n, 0.5f);
    double loss = Double.NaN;
    for (int s = 1; s < 300; s++) {
      loss = step.take(x, y, n, 0.5f);
    }
    assertThat(first).isGreaterThan(1.5);
    assertThat(loss).isLessThan(0.01);
    Forward f = net.forward(x, n);
    for (int i = 0; i < n; i++) {
      assertThat(TwoLayerNet.argmax(f.probs(), i, 10)).isEqualTo(y[i]);
    }
  }
}
