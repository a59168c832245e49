package org.mnistnn.learn;

/**
 * What one backward pass computed (docs/backprop.md §10), in the order it computes them. The
 * parameter gradients are those of the mean cross-entropy; {@link L2#addGradients} adds the
 * penalty's.
 *
 * @param dz2 {@code (probs − onehot(y)) / N} (N × C)
 * @param dW2 {@code h1ᵀ · dz2} (H × C)
 * @param db2 {@code Σ_rows dz2} (1 × C)
 * @param dh1 {@code dz2 · W2ᵀ} (N × H)
 * @param dz1 {@code dh1 ⊙ 1[z1 > 0]} (N × H)
 * @param dW1 {@code xᵀ · dz1} (D × H)
 * @param db1 {@code Σ_rows dz1} (1 × H)
 */
public record Gradients(
    float[] dz2, float[] dW2, float[] db2, float[] dh1, float[] dz1, float[] dW1, float[] db1) {

  /**
   * The parameter gradients in the order of {@link TwoLayerNet#parameters()}: dW1, db1, dW2, db2.
   */
  public float[][] ofParameters() {
    return new float[][] {dW1, db1, dW2, db2};
  }
}
