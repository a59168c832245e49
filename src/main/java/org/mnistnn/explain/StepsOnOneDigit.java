package org.mnistnn.explain;

import org.mnistnn.learn.Forward;
import org.mnistnn.learn.Gradients;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.Layers;
import org.mnistnn.learn.Sgd;
import org.mnistnn.learn.TwoLayerNet;

/**
 * k SGD steps on one image, on a copy of the weights (the network given is never changed): the loss
 * on that image before each step and after the last, and the weights it ends with. The steps are
 * the reference code's, as {@code train --engine reference} takes them with plain SGD:
 *
 * <pre>
 * repeat k times:   forward, backward (as {@link OneStep}),
 *                   dθ ← dθ + reg · θ           §8   ({@link L2#addGradients})
 *                   θ ← θ − lr · dθ             §9   ({@link Sgd#update})
 * </pre>
 *
 * The losses are {@code −log probs[y]}, without the penalty term, as the step page shows them.
 *
 * @param losses the loss before step 1, 2, …, k and after step k: k + 1 values
 * @param probs the probabilities after the last step, (1 × C)
 * @param net the weights after the last step (a copy)
 */
public record StepsOnOneDigit(double[] losses, float[] probs, TwoLayerNet net) {
  /** The L2 term of the training default: reg 1e-4 on the weights and the biases. */
  public static final L2 DEFAULT_L2 = new L2(1e-4f, true);

  /** {@code k} steps of size {@code lr} on {@code x} learning {@code label}, from {@code start}. */
  public static StepsOnOneDigit take(
      TwoLayerNet start, float[] x, int label, Variant variant, float lr, L2 l2, int k) {
    TwoLayerNet net = start.copy();
    Sgd sgd = new Sgd(net, 0f, false);
    int[] y = {label};
    double[] losses = new double[k + 1];
    Forward f = OneStep.forward(net, x, variant);
    for (int step = 0; step < k; step++) {
      losses[step] = Layers.crossEntropy(f.probs(), y, 1, net.classes);
      Gradients g = net.backward(f, y);
      l2.addGradients(net, g);
      sgd.update(net, g, lr);
      f = OneStep.forward(net, x, variant);
    }
    losses[k] = Layers.crossEntropy(f.probs(), y, 1, net.classes);
    return new StepsOnOneDigit(losses, f.probs(), net);
  }
}
