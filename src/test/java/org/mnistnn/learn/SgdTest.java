package org.mnistnn.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Momentum and Nesterov updates against values worked out by hand. */
class SgdTest {
  /** A 1-1-2 network: W1 and b1 have one entry, W2 and b2 two. */
  private static TwoLayerNet tiny() {
    TwoLayerNet net = new TwoLayerNet(1, 1, 2);
    net.W1[0] = 1.0f;
    net.b1[0] = 0.5f;
    net.W2[0] = -2.0f;
    net.W2[1] = 4.0f;
    return net;
  }

  /** Gradients g for W1, b1 and W2[0], −g for W2[1], 0 for b2, plus the L2 term of {@code l2}. */
  private static Gradients grads(TwoLayerNet net, float g, L2 l2) {
    Gradients d =
        new Gradients(
            null, new float[] {g, -g}, new float[2], null, null, new float[] {g}, new float[] {g});
    l2.addGradients(net, d);
    return d;
  }

  @Test
  void classicalMomentumMatchesHandComputedSteps() {
    TwoLayerNet net = tiny();
    Sgd opt = new Sgd(net, 0.9f, false);
    L2 l2Opt = new L2(0.1f, false);
    // step 1: g = dθ + reg·θ = 0.5 + 0.1·1 = 0.6; v = −0.1·0.6 = −0.06; θ = 0.94
    opt.update(net, grads(net, 0.5f, l2Opt), 0.1f);
    assertThat(net.W1[0]).isCloseTo(0.94f, within(1e-6f));
    // bias: no L2 here; g = 0.5; v = −0.05; b1 = 0.45
    assertThat(net.b1[0]).isCloseTo(0.45f, within(1e-6f));
    // step 2: g = 0.5 + 0.1·0.94 = 0.594; v = 0.9·(−0.06) − 0.1·0.594 = −0.1134; θ = 0.8266
    opt.update(net, grads(net, 0.5f, l2Opt), 0.1f);
    assertThat(net.W1[0]).isCloseTo(0.8266f, within(1e-6f));
    assertThat(opt.state().get("vW1")[0]).isCloseTo(-0.1134f, within(1e-6f));
    // W2[1] = 4, dθ = −0.5: g = −0.5 + 0.4 = −0.1, v = 0.01, θ = 4.01;
    // then g = −0.5 + 0.401 = −0.099, v = 0.009 + 0.0099 = 0.0189, θ = 4.0289
    assertThat(net.W2[1]).isCloseTo(4.0289f, within(1e-5f));
  }

  @Test
  void nesterovMatchesHandComputedSteps() {
    TwoLayerNet net = tiny();
    Sgd opt = new Sgd(net, 0.9f, true);
    L2 l2Opt = new L2(0.1f, true);
    // step 1: g = 0.6, v = −0.06, θ = 1 + 0.9·(−0.06) − 0.1·0.6 = 0.886
    opt.update(net, grads(net, 0.5f, l2Opt), 0.1f);
    assertThat(net.W1[0]).isCloseTo(0.886f, within(1e-6f));
    // step 2: g = 0.5 + 0.0886 = 0.5886, v = −0.054 − 0.05886 = −0.11286,
    // θ = 0.886 + 0.9·(−0.11286) − 0.05886 = 0.725566
    opt.update(net, grads(net, 0.5f, l2Opt), 0.1f);
    assertThat(net.W1[0]).isCloseTo(0.725566f, within(1e-6f));
    // the bias is regularised too here: g = 0.5 + 0.05 = 0.55, v = −0.055,
    // b1 = 0.5 − 0.0495 − 0.055 = 0.3955 after step 1
    TwoLayerNet other = tiny();
    Sgd once = new Sgd(other, 0.9f, true);
    L2 l2Once = new L2(0.1f, true);
    once.update(other, grads(other, 0.5f, l2Once), 0.1f);
    assertThat(other.b1[0]).isCloseTo(0.3955f, within(1e-6f));
  }

  @Test
  void zeroMomentumIsPlainSgdAndKeepsNoState() {
    TwoLayerNet net = tiny();
    Sgd plain = new Sgd(net, 0f, false);
    plain.update(net, grads(net, 0.5f, L2.NONE), 0.1f);
    // θ − lr·dθ: 1 − 0.1·0.5 = 0.95; W2[1] = 4 + 0.05
    assertThat(net.W1[0]).isCloseTo(0.95f, within(1e-6f));
    assertThat(net.W2[1]).isCloseTo(4.05f, within(1e-6f));
    assertThat(plain.state()).isEmpty();
  }

  @Test
  void stateRoundTripsThroughRestore() {
    TwoLayerNet net = tiny();
    ReferenceStep a = new ReferenceStep(net, L2.NONE, 0.9f, false);
    a.take(new float[] {1f}, new int[] {1}, 1, 0.1f);
    ReferenceStep b = new ReferenceStep(tiny(), L2.NONE, 0.9f, false);
    b.restore(a.state());
    for (Map.Entry<String, float[]> e : a.state().entrySet()) {
      assertThat(b.state().get(e.getKey())).isEqualTo(e.getValue());
    }
    assertThat(a.state()).containsOnlyKeys("vW1", "vb1", "vW2", "vb2");
  }
}
