package org.mnistnn.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Comparator;
import org.mnistnn.learn.Forward;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The network's answer for one image (a forward pass with {@code n = 1}) and what drove it.
 *
 * <pre>
 * h1 = relu(x · W1 + b1)        (1 × H)
 * probs = softmax(h1 · W2 + b2) (1 × 10)
 * digit = argmax probs
 * contribution_j = h1[j] · W2[j, digit]   how much hidden unit j raised the winning logit z2[digit]
 * </pre>
 *
 * @param digit the most probable class
 * @param probabilities softmax output, (10)
 * @param hidden the hidden activations h1, (H)
 */
public record Prediction(int digit, float[] probabilities, float[] hidden) {

  /** Runs {@code net} on one image {@code x} (1 × D). */
  public static Prediction of(TwoLayerNet net, float[] x) {
    if (x.length != net.inputs) {
      throw new IllegalArgumentException(
          "the image has " + x.length + " pixels but the network takes " + net.inputs);
    }
    Forward a = net.forward(x, 1);
    int digit = TwoLayerNet.argmax(a.probs(), 0, net.classes);
    return new Prediction(
        digit, Arrays.copyOf(a.probs(), net.classes), Arrays.copyOf(a.h1(), net.hidden));
  }

  /** {@code h1[j] · W2[j, digit]} for every hidden unit j, (H). */
  public float[] contributions(TwoLayerNet net) {
    float[] c = new float[hidden.length];
    for (int j = 0; j < hidden.length; j++) {
      c[j] = hidden[j] * net.W2[j * net.classes + digit];
    }
    return c;
  }

  /** The indices of the {@code k} largest positive contributions, largest first. */
  public int[] topUnits(TwoLayerNet net, int k) {
    float[] c = contributions(net);
    return java.util.stream.IntStream.range(0, c.length)
        .filter(j -> c[j] > 0)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer j) -> c[j]).reversed())
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * The answer of {@code POST /api/predict}: {@code {"digit": d, "probabilities": [10], "hidden":
   * [H]}}, the probabilities to 6 decimals and the hidden units to 4.
   */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("digit", digit);
    o.add("probabilities", Json.array(probabilities, 6));
    o.add("hidden", Json.array(hidden, 4));
    return o;
  }

  /**
   * {@link #toJson()} plus what the page shows: {@code image} (the 784 inputs), and {@code
   * top_units}, the units that pushed the winning class most, each with its activation, its
   * contribution and its input weights {@code W1[:, j]} as a 28×28 tile.
   */
  public JsonObject explain(TwoLayerNet net, float[] x, int k) {
    JsonObject o = toJson();
    o.add("image", Json.array(x, 3));
    float[] c = contributions(net);
    JsonArray units = new JsonArray();
    for (int j : topUnits(net, k)) {
      JsonObject u = new JsonObject();
      u.addProperty("unit", j);
      u.addProperty("activation", Json.round(hidden[j], 4));
      u.addProperty("contribution", Json.round(c[j], 4));
      u.add("weights", Json.array(column(net.W1, net.inputs, net.hidden, j), 3));
      units.add(u);
    }
    o.add("top_units", units);
    return o;
  }

  /** Column {@code j} of the row-major {@code rows × cols} matrix {@code m}. */
  static float[] column(float[] m, int rows, int cols, int j) {
    float[] out = new float[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = m[i * cols + j];
    }
    return out;
  }
}
