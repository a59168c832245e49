package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.TwoLayerNet;

/** The warm-up trains its own network, with the optimiser it is given, and nothing else. */
class WarmUpTest {
  @Test
  void trainsAThrowAwayNetworkWithEachOptimiser() {
    TwoLayerNet untrained = TwoLayerNet.initialised(784, 20, 10, new Random(0));
    for (float mu : new float[] {0f, 0.9f}) {
      TwoLayerNet net = WarmUp.train(20, new L2(1e-4f, true), mu, mu > 0, 16, () -> false);
      assertThat(net.hidden).isEqualTo(20);
      assertThat(net.W1).as("momentum %s", mu).isNotEqualTo(untrained.W1);
      for (float w : net.W1) {
        assertThat(Float.isFinite(w)).as("momentum %s", mu).isTrue();
      }
    }
  }

  @Test
  void aStoppedWarmUpTrainsNothing() {
    assertThat(WarmUp.train(20, new L2(1e-4f, true), 0f, false, 16, () -> true)).isNull();
  }

  @Test
  void startAndAwaitReturnOnceTheWarmUpIsOver() throws InterruptedException {
    WarmUp w = WarmUp.start(8, new L2(0f, false), 0f, false, 1);
    w.await();
    assertThat(w.isAlive()).isFalse();
  }
}
