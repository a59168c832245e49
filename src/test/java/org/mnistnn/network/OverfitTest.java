package org.mnistnn.network;

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
    Activations a = new Activations(net, n);
    Gradients g = new Gradients(net);
    double first = Double.NaN;
    double loss = Double.NaN;
    for (int step = 0; step < 300; step++) {
      net.forward(x, n, a);
      loss = Layers.crossEntropy(a.probs, y, n, 10);
      if (step == 0) {
        first = loss;
      }
      net.backward(x, y, n, a, g);
      float[][] params = net.parameters();
      float[][] grads = g.arrays();
      for (int p = 0; p < params.length; p++) {
        Layers.sgdStep(params[p], grads[p], 0.5f, 0f);
      }
    }
    assertThat(first).isGreaterThan(1.5);
    assertThat(loss).isLessThan(0.01);
    net.forward(x, n, a);
    for (int i = 0; i < n; i++) {
      assertThat(TwoLayerNet.argmax(a.probs, i, 10)).isEqualTo(y[i]);
    }
  }
}
