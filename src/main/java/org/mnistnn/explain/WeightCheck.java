package org.mnistnn.explain;

import java.util.List;
import org.mnistnn.gradcheck.DoubleLayers;
import org.mnistnn.gradcheck.GradientCheck;
import org.mnistnn.gradcheck.ReferenceNet;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The gradient check of one weight (docs/backprop.md §11): the backpropagated derivative beside the
 * centred finite difference of the loss on one image,
 *
 * <pre>
 * numerical = (L(θ + h) − L(θ − h)) / 2h,    L = −log probs[y],  h = {@value #H}
 * relative error = |backprop − numerical| / max(|backprop|, |numerical|, {@value #FLOOR})
 * </pre>
 *
 * The loss is evaluated in double precision on the float32 weights (the double-precision reference,
 * {@link DoubleLayers}), so the difference is not drowned by float32 rounding; the backprop value
 * is the float32 one the step used. For {@link Variant#NOTEBOOK} the loss is the notebook's,
 * softmax of relu(z2), while its backprop value ignores that ReLU: they disagree.
 *
 * @param param W1, b1, W2 or b2
 * @param index the flat row-major index into that parameter
 * @param backprop the float32 gradient of {@link OneStep}
 * @param numerical the centred difference
 * @param relativeError their relative error
 */
public record WeightCheck(
    String param, int index, double backprop, double numerical, double relativeError) {
  /** The names of the parameters, in the order of {@link TwoLayerNet#parameters()}. */
  public static final List<String> PARAMS = List.of(TwoLayerNet.PARAMETER_NAMES);

  /** Step of the finite difference: small enough that no ReLU flips on the way, in double. */
  public static final double H = 1e-5;

  /**
   * Denominator floor of the relative error: float32 backpropagation cannot resolve gradients of a
   * loss of order 1 much below this, so smaller ones are compared in absolute terms.
   */
  public static final double FLOOR = 1e-7;

  /** The check of {@code param[index]} for the pass {@code step} of {@code net}. */
  public static WeightCheck of(TwoLayerNet net, OneStep step, String param, int index) {
    int p = PARAMS.indexOf(param);
    float[][] grads = {step.dW1, step.db1, step.dW2, step.db2};
    if (p < 0 || index < 0 || index >= grads[p].length) {
      throw new IllegalArgumentException(param + "[" + index + "]");
    }
    ReferenceNet ref = new ReferenceNet(net);
    double[] theta = ref.parameters()[p];
    double saved = theta[index];
    double[] x = ReferenceNet.toDouble(step.x);
    theta[index] = saved + H;
    double plus = loss(ref, x, step.label, step.variant);
    theta[index] = saved - H;
    double minus = loss(ref, x, step.label, step.variant);
    theta[index] = saved;
    double numerical = (plus - minus) / (2 * H);
    double backprop = grads[p][index];
    return new WeightCheck(
        param, index, backprop, numerical, GradientCheck.relativeError(backprop, numerical, FLOOR));
  }

  /** −log probs[y] of one image in double precision, with the notebook's ReLU if asked. */
  static double loss(ReferenceNet net, double[] x, int label, Variant variant) {
    ReferenceNet.Pass pass = net.forward(x, 1);
    double[] probs = pass.probs();
    if (variant == Variant.NOTEBOOK) {
      double[] scores = new double[net.classes];
      DoubleLayers.relu(pass.z2(), scores, net.classes);
      DoubleLayers.softmax(scores, probs, 1, net.classes);
    }
    return DoubleLayers.crossEntropy(probs, new int[] {label}, 1, net.classes);
  }
}
