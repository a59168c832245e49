package org.mnistnn.learn;

/**
 * The L2 term of the loss (docs/backprop.md §8): {@code ½·reg·Σθ²} over the weights, and over the
 * biases too when {@code biases} is true (the notebook does, and so does our default).
 *
 * @param reg the strength λ (0: no penalty)
 * @param biases whether b1 and b2 are penalised as well as W1 and W2
 */
public record L2(float reg, boolean biases) {
  /** No penalty. */
  public static final L2 NONE = new L2(0f, false);

  /** The strength applied to parameter {@code p} of {@link TwoLayerNet#parameters()}. */
  public float regFor(int p) {
    boolean isBias = p == 1 || p == 3;
    return isBias && !biases ? 0f : reg;
  }

  /** The penalty for the current parameters of {@code net}. */
  public double penalty(TwoLayerNet net) {
    float[][] params = net.parameters();
    double sum = 0;
    for (int p = 0; p < params.length; p++) {
      sum += Layers.l2Penalty(params[p], regFor(p));
    }
    return sum;
  }

  /** Adds the penalty's gradient {@code reg·θ} to each parameter gradient of {@code g}. */
  public void addGradients(TwoLayerNet net, Gradients g) {
    float[][] params = net.parameters();
    float[][] grads = g.ofParameters();
    for (int p = 0; p < params.length; p++) {
      Layers.l2Backward(params[p], regFor(p), grads[p]);
    }
  }
}
