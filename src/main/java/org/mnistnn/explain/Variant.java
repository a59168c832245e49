package org.mnistnn.explain;

import java.util.Locale;

/** Which forward pass a step uses; the backward pass is the same for both. */
public enum Variant {
  /** softmax(z2): the logits go to softmax, as the derivation of docs/backprop.md §5 assumes. */
  OURS,

  /**
   * softmax(relu(z2)): the original notebook's forward pass, while its backward pass still starts
   * from dz2 = p − onehot(y) as if there were no ReLU (docs/backprop.md §12), so the gradient is
   * not the gradient of the loss it computes.
   */
  NOTEBOOK;

  /** The name used in the API: {@code "ours"} or {@code "notebook"}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
