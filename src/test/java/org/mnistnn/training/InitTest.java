package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.learn.TwoLayerNet;

class InitTest {
  @Test
  void notebookIsTheSkeletonsInitialisation() {
    TwoLayerNet a = Init.NOTEBOOK.create(784, 30, 10, 9);
    TwoLayerNet b = TwoLayerNet.initialised(784, 30, 10, new Random(9));
    assertThat(a.W1).isEqualTo(b.W1);
    assertThat(a.W2).isEqualTo(b.W2);
  }

  @Test
  void eachSchemeHasItsStandardDeviation() {
    for (Init init : Init.values()) {
      TwoLayerNet net = init.create(784, 200, 10, 1);
      assertThat(std(net.W1)).isCloseTo(init.scale(784, 200), within(0.02 * init.scale(784, 200)));
      assertThat(std(net.W2)).isCloseTo(init.scale(200, 10), within(0.1 * init.scale(200, 10)));
      assertThat(net.b1).containsOnly(0f);
    }
    assertThat(Init.HE.scale(784, 100)).isCloseTo(Math.sqrt(2.0 / 784), within(1e-12));
    assertThat(Init.XAVIER.scale(784, 100)).isCloseTo(Math.sqrt(2.0 / 884), within(1e-12));
    assertThat(Init.NOTEBOOK.scale(784, 100)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void theSeedFixesTheWeights() {
    float[] first = Init.HE.create(20, 5, 3, 4).W1;
    float[] again = Init.HE.create(20, 5, 3, 4).W1;
    float[] otherSeed = Init.HE.create(20, 5, 3, 5).W1;
    assertThat(again).isNotSameAs(first).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  private static double std(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v * (double) v;
    }
    return Math.sqrt(s / a.length);
  }
}
