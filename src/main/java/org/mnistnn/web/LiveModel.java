package org.mnistnn.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.mnistnn.data.DataSet;
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
  private final List<String> classNames;

  /** A fixed model whose classes are called by their numbers, "0" to "9" for the digits. */
  public LiveModel(TwoLayerNet net) {
    this(net, numbers(net.classes));
  }

  /** A fixed model, as {@code serve} uses, whose class k is called {@code classNames[k]}. */
  public LiveModel(TwoLayerNet net, List<String> classNames) {
    if (classNames.size() != net.classes) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for a network of " + net.classes + " classes");
    }
    current = new AtomicReference<>(new Snapshot(net, 0, false));
    this.classNames = List.copyOf(classNames);
  }

  private static List<String> numbers(int classes) {
    return classes == DataSet.DIGITS.size()
        ? DataSet.DIGITS
        : java.util.stream.IntStream.range(0, classes).mapToObj(String::valueOf).toList();
  }

  /** The name of each class, index = label. */
  public List<String> classNames() {
    return classNames;
  }

  public Snapshot get() {
    return current.get();
  }

  /** Publishes {@code net}, which the caller must not modify afterwards. */
  public void publish(TwoLayerNet net, long step, boolean training) {
    current.set(new Snapshot(net, step, training));
  }
}
