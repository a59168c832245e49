package org.mnistnn.learn;

import java.util.Map;
import org.mnistnn.data.MnistDataset;

/**
 * The lesson's training step, equation by equation: forward, loss, backward, the L2 gradient, the
 * update. {@code train --engine reference} trains with it.
 */
public final class ReferenceStep implements Step {
  private final TwoLayerNet net;
  private final L2 l2;
  private final Sgd sgd;
  private float[] x = new float[0];
  private int[] y = new int[0];

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

  /** {@inheritDoc} The batch is copied into arrays kept from one step to the next. */
  @Override
  public double take(MnistDataset data, int[] order, int from, int n, float lr) {
    if (y.length < n) {
      x = new float[n * data.pixels()];
      y = new int[n];
    }
    data.copyBatch(order, from, n, x, y);
    return take(x, y, n, lr);
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
