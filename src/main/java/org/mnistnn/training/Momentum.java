package org.mnistnn.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.TwoLayerNet;

/**
 * SGD with classical momentum (Polyak 1964) or Nesterov's accelerated gradient in the form of
 * Sutskever, Martens, Dahl and Hinton, "On the importance of initialization and momentum in deep
 * learning", ICML 2013. For every parameter θ with gradient dθ, velocity v (starting at 0),
 * momentum μ and learning rate lr of this step:
 *
 * <pre>
 * g = dθ + reg·θ                      the L2 term as in plain SGD
 * v ← μ·v − lr·g
 * θ ← θ + v                           classical
 * θ ← θ + μ·v − lr·g                  Nesterov (the look-ahead, rewritten for the current θ)
 * </pre>
 *
 * With μ = 0 both reduce to {@link Sgd}. The velocities are the optimiser's {@link #state()}, so a
 * checkpoint can carry them across an interruption.
 */
public final class Momentum implements Optimizer {
  private final float mu;
  private final boolean nesterov;
  private final float reg;
  private final float biasReg;
  private final float[] vW1;
  private final float[] vb1;
  private final float[] vW2;
  private final float[] vb2;

  public Momentum(TwoLayerNet net, float mu, boolean nesterov, float reg, boolean regBiases) {
    if (!(mu >= 0 && mu < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
    }
    this.mu = mu;
    this.nesterov = nesterov;
    this.reg = reg;
    this.biasReg = regBiases ? reg : 0f;
    vW1 = new float[net.W1.length];
    vb1 = new float[net.b1.length];
    vW2 = new float[net.W2.length];
    vb2 = new float[net.b2.length];
  }

  @Override
  public void update(TwoLayerNet net, Gradients g, float lr, long step) {
    step(net.W1, g.dW1, vW1, lr, reg);
    step(net.b1, g.db1, vb1, lr, biasReg);
    step(net.W2, g.dW2, vW2, lr, reg);
    step(net.b2, g.db2, vb2, lr, biasReg);
  }

  /** One parameter array; a plain loop the JIT vectorises. */
  private void step(float[] theta, float[] dTheta, float[] v, float lr, float l2) {
    float m = mu;
    if (nesterov) {
      for (int i = 0; i < theta.length; i++) {
        float g = dTheta[i] + l2 * theta[i];
        float vi = m * v[i] - lr * g;
        v[i] = vi;
        theta[i] += m * vi - lr * g;
      }
    } else {
      for (int i = 0; i < theta.length; i++) {
        float vi = m * v[i] - lr * (dTheta[i] + l2 * theta[i]);
        v[i] = vi;
        theta[i] += vi;
      }
    }
  }

  /** The velocities vW1, vb1, vW2, vb2 (live arrays, shaped like the parameters). */
  @Override
  public Map<String, float[]> state() {
    Map<String, float[]> s = new LinkedHashMap<>();
    s.put("vW1", vW1);
    s.put("vb1", vb1);
    s.put("vW2", vW2);
    s.put("vb2", vb2);
    return s;
  }

  @Override
  public void restore(Map<String, float[]> state) {
    for (Map.Entry<String, float[]> e : state().entrySet()) {
      float[] saved = state.get(e.getKey());
      if (saved == null || saved.length != e.getValue().length) {
        throw new IllegalArgumentException(
            "momentum state '" + e.getKey() + "' missing or mis-sized");
      }
      System.arraycopy(saved, 0, e.getValue(), 0, saved.length);
    }
  }
}
