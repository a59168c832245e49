package org.mnistnn.explain;

import java.util.List;
import org.mnistnn.learn.Forward;
import org.mnistnn.learn.Gradients;
import org.mnistnn.learn.Layers;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The forward and backward pass of one image (N = 1), computed by the reference code in float32, as
 * training computes it ({@link TwoLayerNet#forward}, {@link TwoLayerNet#backward}, one {@link
 * Layers} method per equation), and kept whole under the names of docs/backprop.md. Shapes for a
 * D-H-C network:
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
 * The gradients are those of the cross-entropy alone: the L2 term {@code reg · θ} is added before
 * the update ({@link StepsOnOneDigit}), as in training.
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
          new Source("dW1", "dW1 = xᵀ · dz1", "§7", "Layers.affineBackward"),
          new Source("db1", "db1 = Σ_rows dz1", "§7", "Layers.affineBackward"),
          new Source(
              "step", "θ ← θ − lr · (dθ + reg · θ)", "§8–9", "Layers.l2Backward, Layers.sgdStep"));

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

  private OneStep(Forward f, int label, Variant variant, float[] scores, Gradients g) {
    this.x = f.x();
    this.label = label;
    this.variant = variant;
    this.z1 = f.z1();
    this.h1 = f.h1();
    this.z2 = f.z2();
    this.scores = scores;
    this.probs = f.probs();
    this.loss = Layers.crossEntropy(probs, new int[] {label}, 1, probs.length);
    this.dz2 = g.dz2();
    this.dW2 = g.dW2();
    this.db2 = g.db2();
    this.dh1 = g.dh1();
    this.dz1 = g.dz1();
    this.dW1 = g.dW1();
    this.db1 = g.db1();
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
    Forward f = forward(net, x.clone(), variant);
    float[] scores = variant == Variant.OURS ? f.z2() : relu(f.z2());
    return new OneStep(f, label, variant, scores, net.backward(f, new int[] {label}));
  }

  /**
   * The forward pass of {@link TwoLayerNet#forward}; for the notebook's variant its probabilities
   * are recomputed as softmax(relu(z2)), and the backward pass that follows reads them as if they
   * were softmax(z2): the notebook's mismatch, made on purpose.
   */
  static Forward forward(TwoLayerNet net, float[] x, Variant variant) {
    Forward f = net.forward(x, 1);
    if (variant == Variant.OURS) {
      return f;
    }
    float[] probs = new float[net.classes];
    Layers.softmax(relu(f.z2()), probs, 1, net.classes);
    return new Forward(f.x(), 1, f.z1(), f.h1(), f.z2(), probs);
  }

  private static float[] relu(float[] z) {
    float[] h = new float[z.length];
    Layers.relu(z, h, z.length);
    return h;
  }

  /** The digit with the largest probability. */
  public int predicted() {
    return TwoLayerNet.argmax(probs, 0, probs.length);
  }
}
