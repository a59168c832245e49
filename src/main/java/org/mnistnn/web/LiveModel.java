package org.mnistnn.web;

import java.util.concurrent.atomic.AtomicReference;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The network the page asks, swapped whole while training runs. Each published network is a private
 * copy that nobody changes afterwards, and the swap is one atomic reference write, so a request
 * sees either the old weights or the new ones — never a mix of two steps.
 */
public final class LiveModel {
  /**
   * One published set of weights.
   *
   * @param net weights no one modifies any more
   * @param step the training step they were taken at (0 for a loaded model)
   * @param training whether a run is still changing them
   */
  public record Snapshot(TwoLayerNet net, long step, boolean training) {}

  private final AtomicReference<Snapshot> current;

  /** A fixed model, as {@code serve} uses. */
  public LiveModel(TwoLayerNet net) {
    current = new AtomicReference<>(new Snapshot(net, 0, false));
  }

  public Snapshot get() {
    return current.get();
  }

  /** Publishes {@code net}, which the caller must not modify afterwards. */
  public void publish(TwoLayerNet net, long step, boolean training) {
    current.set(new Snapshot(net, step, training));
  }
}
