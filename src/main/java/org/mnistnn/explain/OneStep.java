package org.mnistnn.explain;

import java.util.List;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.Layers;
import org.mnistnn.network.TwoLayerNet;

/**
 * The forward and backward pass of one image (N = 1), computed by the network's own float32
 * functions ({@link TwoLayerNet#forward}, {@link TwoLayerNet#backward}, {@link Layers}) and kept
 * whole, under the names of docs/backprop.md. Shapes for a D-H-C network:
 *
 * <pre>
 * z1 = x · W1 + b1                (1 × H)    §1
 * h1 = relu(z1)                   (1 × H)    §2
 * z2 = h1 · W2 + b2               (1 × C)    §1
 * probs = softmax(z2)             (1 × C)    §3   (NOTEBOOK: softmax(relu(z2)))
 * loss = −log probs[y]                       §4
 * dz2 = (probs − onehot(y)) / N   (1 × C)    §5
 * dW2 = h1ᵀ · dz2                 (H × C)    §7
 * db2 = Σ_rows dz2                (1 × C)    §7
 * dh1 = dz2 · W2ᵀ                 (1 × H)    §7
 * dz1 = dh1 ⊙ 1[z1 > 0]           (1 × H)    §6
 * dW1 = xᵀ · dz1                  (D × H)    §7
 * db1 = Σ_rows dz1                (1 × H)    §7
 * </pre>
 *
 * The gradients are those of the cross-entropy alone: the L2 term {@code reg · θ} is added by the
 * update ({@link Layers#sgdStep}), as in training.
 */
public final class OneStep {
  /**
   * Where each matrix comes from: its equation, its section of docs/backprop.md and the method that
   * computed it, in the order of the pass.
   *
   * @param equation in plain Unicode, as the Javadoc writes it
   */
  public record Source(String name, String equation, String section, String method) {}

  /** The source folder of the methods named in {@link #SOURCES}, relative to the repository. */
  public static final String CODE_FOLDER =
      "src/main/java/" + TwoLayerNet.class.getPackageName().replace('.', '/') + "/";

  /** The sources of x, z1, …, db1. */
  public static final List<Source> SOURCES =
      List.of(
          new Source("x", "x", "§0", "TwoLayerNet.forward"),
          new Source("z1", "z1 = x · W1 + b1", "§1", "Layers.affineForward"),
          new Source("h1", "h1 = relu(z1)", "§2", "Layers.relu"),
          new Source("z2", "z2 = h1 · W2 + b2", "§1", "Layers.affineForward"),
          new Source("probs", "probs = softmax(z2)", "§3", "Layers.softmax"),
          new Source("loss", "loss = −log probs[y]", "§4", "Layers.crossEntropy"),
          new Source(
              "dz2", "dz2 = (probs − onehot(y)) / N", "§5", "Layers.softmaxCrossEntropyBackward"),
          new Source("dW2", "dW2 = h1ᵀ · dz2", "§7", "Layers.affineBackward"),
          new Source("db2", "db2 = Σ_rows dz2", "§7", "Layers.affineBackward"),
          new Source("dh1", "dh1 = dz2 · W2ᵀ", "§7", "Layers.affineBackward"),
          new Source("dz1", "dz1 = dh1 ⊙ 1[z1 > 0]", "§6", "Layers.reluBackward"),
          new Source("dW1", "dW1 = xᵀ · dz1", "§7", "Layers.affineWeightGradient"),
          new Source("db1", "db1 = Σ_rows dz1", "§7", "Layers.affineBiasGradient"),
          new Source("step", "θ ← θ − lr · (dθ + reg · θ)", "§9", "Layers.sgdStep"));

  /** The input, (1 × D). */
  public final float[] x;

  /** The label the step learns. */
  public final int label;

  /** Which forward pass was used. */
  public final Variant variant;

  /** (1 × H). */
  public final float[] z1;

  /** (1 × H). */
  public final float[] h1;

  /** (1 × C). */
  public final float[] z2;

  /** What softmax was given: z2, or relu(z2) for {@link Variant#NOTEBOOK}; (1 × C). */
  public final float[] scores;

  /** (1 × C). */
  public final float[] probs;

  /** −log probs[label]. */
  public final double loss;

  /** (1 × C). */
  public final float[] dz2;

  /** (H × C). */
  public final float[] dW2;

  /** (1 × C). */
  public final float[] db2;

  /** (1 × H). */
  public final float[] dh1;

  /** (1 × H). */
  public final float[] dz1;

  /** (D × H). */
  public final float[] dW1;

  /** (1 × H). */
  public final float[] db1;

  private OneStep(float[] x, int label, Variant variant, Activations a, Gradients g, float[] s) {
    this.x = x.clone();
    this.label = label;
    this.variant = variant;
    this.z1 = a.z1.clone();
    this.h1 = a.h1.clone();
    this.z2 = a.z2.clone();
    this.scores = s;
    this.probs = a.probs.clone();
    this.loss = Layers.crossEntropy(a.probs, new int[] {label}, 1, probs.length);
    this.dz2 = a.dz2.clone();
    this.dW2 = g.dW2.clone();
    this.db2 = g.db2.clone();
    this.dh1 = a.dh1.clone();
    this.dz1 = a.dz1.clone();
    this.dW1 = g.dW1.clone();
    this.db1 = g.db1.clone();
  }

  /**
   * The pass of {@code net} on image {@code x} (1 × D) learning {@code label}; {@code net} is only
   * read.
   */
  public static OneStep of(TwoLayerNet net, float[] x, int label, Variant variant) {
    if (x.length != net.inputs || label < 0 || label >= net.classes) {
      throw new IllegalArgumentException(
          "an image of "
              + x.length
              + " pixels with label "
              + label
              + " for "
              + net.inputs
              + "-"
              + net.hidden
              + "-"
              + net.classes);
    }
    Activations a = new Activations(net, 1);
    Gradients g = new Gradients(net);
    float[] scores = forward(net, x, variant, a);
    net.backward(x, new int[] {label}, 1, a, g);
    return new OneStep(x, label, variant, a, g, scores);
  }

  /**
   * The forward pass into {@code a}; returns what softmax was given. For the notebook's variant the
   * probabilities are recomputed from relu(z2), and the backward pass that follows reads them as if
   * they were softmax(z2): the notebook's mismatch, made on purpose.
   */
  static float[] forward(TwoLayerNet net, float[] x, Variant variant, Activations a) {
    net.forward(x, 1, a);
    if (variant == Variant.OURS) {
      return a.z2.clone();
    }
    float[] scores = new float[net.classes];
    Layers.relu(a.z2, scores, net.classes);
    Layers.softmax(scores, a.probs, 1, net.classes);
    return scores;
  }

  /** The digit with the largest probability. */
  public int predicted() {
    return TwoLayerNet.argmax(probs, 0, probs.length);
  }
}
