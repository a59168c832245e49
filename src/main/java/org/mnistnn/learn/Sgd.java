package org.mnistnn.learn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient descent on stored gradients (docs/backprop.md §9), with optional momentum: classical
 * (Polyak 1964) or Nesterov's in the form of Sutskever, Martens, Dahl and Hinton (ICML 2013). For
 * every parameter θ with gradient dθ (the L2 term already added), velocity v starting at 0,
 * momentum μ and this step's learning rate lr:
 *
 * <pre>
 * μ = 0:      θ ← θ − lr·dθ                 the notebook's plain SGD
 * classical:  v ← μ·v − lr·dθ,  θ ← θ + v
 * Nesterov:   v ← μ·v − lr·dθ,  θ ← θ + μ·v − lr·dθ     (the look-ahead, rewritten for θ)
 * </pre>
 */
public final class Sgd {
  private final float mu;
  private final boolean nesterov;
  // vW1, vb1, vW2, vb2, shaped like the parameters; none for plain SGD
  private final Map<String, float[]> velocities = new LinkedHashMap<>();

  /** Plain SGD when {@code mu} is 0 and {@code nesterov} false. */
  public Sgd(TwoLayerNet net, float mu, boolean nesterov) {
    if (!(mu >= 0 && mu < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
    }
    this.mu = mu;
    this.nesterov = nesterov;
    if (usesVelocity()) {
      float[][] params = net.parameters();
      for (int p = 0; p < params.length; p++) {
        velocities.put("v" + TwoLayerNet.PARAMETER_NAMES[p], new float[params[p].length]);
      }
    }
  }

  /** Whether this optimiser keeps velocities (momentum or Nesterov). */
  public boolean usesVelocity() {
    return mu != 0f || nesterov;
  }

  /** Updates every parameter of {@code net} from its gradient in {@code g}. */
  public void update(TwoLayerNet net, Gradients g, float lr) {
    float[][] params = net.parameters();
    float[][] grads = g.ofParameters();
    for (int p = 0; p < params.length; p++) {
      if (usesVelocity()) {
        momentumStep(params[p], grads[p], velocity(p), lr);
      } else {
        Layers.sgdStep(params[p], grads[p], lr);
      }
    }
  }

  private void momentumStep(float[] theta, float[] dTheta, float[] v, float lr) {
    for (int i = 0; i < theta.length; i++) {
      v[i] = mu * v[i] - lr * dTheta[i];
      theta[i] += nesterov ? mu * v[i] - lr * dTheta[i] : v[i];
    }
  }

  private float[] velocity(int p) {
    return velocities.get("v" + TwoLayerNet.PARAMETER_NAMES[p]);
  }

  /** The velocities by name (vW1, vb1, vW2, vb2; live arrays), empty for plain SGD. */
  public Map<String, float[]> state() {
    return velocities;
  }
}
