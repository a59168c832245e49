package org.mnistnn.explain;

import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.Layers;
import org.mnistnn.network.TwoLayerNet;

/**
 * k SGD steps on one image, on a copy of the weights (the network given is never changed): the loss
 * on that image before each step and after the last, and the weights it ends with.
 *
 * <pre>
 * repeat k times:   forward, backward (as {@link OneStep}),   θ ← θ − lr · (dθ + reg · θ)   §9
 * </pre>
 *
 * @param losses −log probs[y] before step 1, 2, …, k and after step k: k + 1 values
 * @param probs the probabilities after the last step, (1 × C)
 * @param net the weights after the last step (a copy)
 */
public record StepsOnOneDigit(double[] losses, float[] probs, TwoLayerNet net) {
  /**
   * The L2 strength and whether it also covers the biases, as the training options {@code --reg}
   * and {@code --no-reg-biases} set them (the defaults: 1e-4, biases too).
   */
  public record L2(float reg, boolean biases) {
    /** The training default. */
    public static final L2 DEFAULT = new L2(1e-4f, true);
  }

  /** {@code k} steps of size {@code lr} on {@code x} learning {@code label}, from {@code start}. */
  public static StepsOnOneDigit take(
      TwoLayerNet start, float[] x, int label, Variant variant, float lr, L2 l2, int k) {
    TwoLayerNet net = start.copy();
    Activations a = new Activations(net, 1);
    Gradients g = new Gradients(net);
    int[] y = {label};
    double[] losses = new double[k + 1];
    for (int step = 0; step <= k; step++) {
      OneStep.forward(net, x, variant, a);
      losses[step] = Layers.crossEntropy(a.probs, y, 1, net.classes);
      if (step == k) {
        break;
      }
      net.backward(x, y, 1, a, g);
      float[][] theta = net.parameters();
      float[][] dTheta = g.arrays();
      for (int p = 0; p < theta.length; p++) {
        boolean bias = p % 2 == 1;
        Layers.sgdStep(theta[p], dTheta[p], lr, bias && !l2.biases() ? 0 : l2.reg());
      }
    }
    return new StepsOnOneDigit(losses, a.probs.clone(), net);
  }
}
