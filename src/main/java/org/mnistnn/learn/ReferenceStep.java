package org.mnistnn.learn;

import java.util.Map;

/**
 * The lesson's training step, equation by equation: forward, loss, backward, the L2 gradient, the
 * update. {@code train --engine reference} trains with it.
 */
public final class ReferenceStep implements Step {
  private final TwoLayerNet net;
  private final L2 l2;
  private final Sgd sgd;

  /** A step for {@code net} (trained in place) with the given penalty and optimiser settings. */
  public ReferenceStep(TwoLayerNet net, L2 l2, float momentum, boolean nesterov) {
    this.net = net;
    this.l2 = l2;
    this.sgd = new Sgd(net, momentum, nesterov);
  }

  @Override
  public double take(float[] x, int[] y, int n, float lr) {
    Forward f = net.forward(x, n);
    double loss = net.loss(f, y, l2);
    Gradients g = net.backward(f, y);
    l2.addGradients(net, g);
    sgd.update(net, g, lr);
    return loss;
  }

  @Override
  public TwoLayerNet net() {
    return net;
  }

  @Override
  public Map<String, float[]> state() {
    return sgd.state();
  }
}
