package org.mnistnn.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.mnistnn.explain.OneStep;
import org.mnistnn.explain.StepsOnOneDigit;
import org.mnistnn.explain.Variant;
import org.mnistnn.explain.WeightCheck;
import org.mnistnn.learn.TwoLayerNet;

/**
 * {@code POST /api/step}: one SGD step on one digit, every matrix of it by its name in
 * docs/backprop.md, then k steps on a copy of the weights and, if asked, the gradient check of one
 * weight. The served network is only read. Numbers are sent at full float32 precision (the check
 * compares gradients near 1e-5), zeros as {@code 0}.
 *
 * <pre>
 * → {"test_index": i | "pixels": [D], "label", "lr", "steps", "reg", "reg_biases", "variant",
 *    "check": {"param", "index"}}            (see {@link StepRequest})
 * ← {"x", "z1", "h1", "z2", "probs", "loss", "dz2", "dW2", "db2", "dh1", "dz1", "dW1", "db1",
 *    "shapes", "W2", "b1", "b2", "label", "predicted", …,
 *    "losses": [k + 1], "after": {"probs", "loss", "delta_W2", "delta_b2", "delta_b1"},
 *    "check": {"param", "index", "backprop", "numerical", "relative_error"}}
 * </pre>
 */
final class StepApi {
  private final LiveModel model;
  private final TestDigits digits;

  StepApi(LiveModel model, TestDigits digits) {
    this.model = model;
    this.digits = digits;
  }

  /** The answer to request body {@code body}; {@link BadRequest} when it is refused. */
  JsonObject answer(byte[] body) throws BadRequest {
    LiveModel.Snapshot snap = model.get();
    TwoLayerNet net = snap.net();
    StepRequest r = StepRequest.parse(body, limits(net));
    float[] x = r.pixels();
    int truth = -1;
    if (x == null) {
      x = digits.pixels(r.testIndex());
      truth = digits.label(r.testIndex());
      if (x.length != net.inputs) {
        throw new BadRequest(404, "the test images do not fit this network's inputs");
      }
    }
    int label = r.label() >= 0 ? r.label() : truth;
    if (label < 0) {
      label = OneStep.of(net, x, 0, r.variant()).predicted();
    }
    OneStep step = OneStep.of(net, x, label, r.variant());
    JsonObject o = pass(step, net);
    o.addProperty("model_step", snap.step());
    if (truth >= 0) {
      o.addProperty("test_index", r.testIndex());
      o.addProperty("true_label", truth);
    }
    o.addProperty("lr", r.lr());
    o.addProperty("reg", r.l2().reg());
    o.addProperty("reg_biases", r.l2().biases());
    o.addProperty("steps", r.steps());
    JsonObject after = after(net, step, r);
    o.add("losses", after.remove("losses"));
    o.add("after", after);
    if (r.check() != null) {
      o.add("check", check(net, step, r.check()));
    }
    return o;
  }

  private StepRequest.Limits limits(TwoLayerNet net) {
    int[] sizes = {net.W1.length, net.b1.length, net.W2.length, net.b2.length};
    return new StepRequest.Limits(net.inputs, net.classes, sizes, digits.count());
  }

  private static JsonObject pass(OneStep s, TwoLayerNet net) {
    int d = net.inputs;
    int h = net.hidden;
    int c = net.classes;
    JsonObject o = new JsonObject();
    o.addProperty("variant", s.variant.apiName());
    o.addProperty("label", s.label);
    o.addProperty("predicted", s.predicted());
    JsonObject shapes = new JsonObject();
    put(o, shapes, "x", s.x, 1, d);
    put(o, shapes, "z1", s.z1, 1, h);
    put(o, shapes, "h1", s.h1, 1, h);
    put(o, shapes, "z2", s.z2, 1, c);
    if (s.variant == Variant.NOTEBOOK) {
      put(o, shapes, "scores", s.scores, 1, c); // relu(z2), what the notebook gives softmax
    }
    put(o, shapes, "probs", s.probs, 1, c);
    o.addProperty("loss", s.loss);
    put(o, shapes, "dz2", s.dz2, 1, c);
    put(o, shapes, "dW2", s.dW2, h, c);
    put(o, shapes, "db2", s.db2, 1, c);
    put(o, shapes, "dh1", s.dh1, 1, h);
    put(o, shapes, "dz1", s.dz1, 1, h);
    put(o, shapes, "dW1", s.dW1, d, h);
    put(o, shapes, "db1", s.db1, 1, h);
    put(o, shapes, "W2", net.W2, h, c);
    put(o, shapes, "b1", net.b1, 1, h);
    put(o, shapes, "b2", net.b2, 1, c);
    o.add("shapes", shapes);
    o.add("sources", sources());
    return o;
  }

  private static void put(JsonObject o, JsonObject shapes, String name, float[] v, int r, int c) {
    assert v.length == r * c : name;
    o.add(name, floats(v));
    JsonArray shape = new JsonArray(2);
    shape.add(r);
    shape.add(c);
    shapes.add(name, shape);
  }

  private static JsonObject sources() {
    JsonObject o = new JsonObject();
    for (OneStep.Source s : OneStep.SOURCES) {
      JsonObject e = new JsonObject();
      e.addProperty("equation", s.equation());
      e.addProperty("section", s.section());
      e.addProperty("method", s.method());
      o.add(s.name(), e);
    }
    o.addProperty("folder", OneStep.CODE_FOLDER);
    return o;
  }

  private static JsonObject after(TwoLayerNet net, OneStep step, StepRequest r) {
    StepsOnOneDigit k =
        StepsOnOneDigit.take(net, step.x, step.label, r.variant(), r.lr(), r.l2(), r.steps());
    JsonObject o = new JsonObject();
    JsonArray losses = new JsonArray(k.losses().length);
    for (double l : k.losses()) {
      losses.add(number(l));
    }
    o.add("losses", losses);
    o.add("probs", floats(k.probs()));
    o.add("loss", number(k.losses()[r.steps()]));
    o.add("delta_W2", floats(difference(k.net().W2, net.W2)));
    o.add("delta_b2", floats(difference(k.net().b2, net.b2)));
    o.add("delta_b1", floats(difference(k.net().b1, net.b1)));
    return o;
  }

  private static JsonObject check(TwoLayerNet net, OneStep step, StepRequest.Check c) {
    WeightCheck w = WeightCheck.of(net, step, c.param(), c.index());
    JsonObject o = new JsonObject();
    o.addProperty("param", w.param());
    o.addProperty("index", w.index());
    o.addProperty("backprop", w.backprop());
    o.addProperty("numerical", w.numerical());
    o.addProperty("relative_error", w.relativeError());
    o.addProperty("h", WeightCheck.H);
    return o;
  }

  private static float[] difference(float[] after, float[] before) {
    float[] d = new float[after.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - before[i];
    }
    return d;
  }

  /**
   * The values at full float precision ({@code 1.2345678E-5} is JSON too); zeros as 0, and a value
   * that is not finite (a large lr can make the steps diverge) as null, since JSON has no NaN.
   */
  static JsonArray floats(float[] v) {
    JsonArray a = new JsonArray(v.length);
    JsonPrimitive zero = new JsonPrimitive(0);
    for (float f : v) {
      a.add(f == 0 ? zero : Float.isFinite(f) ? new JsonPrimitive(f) : JsonNull.INSTANCE);
    }
    return a;
  }

  private static JsonElement number(double v) {
    return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
  }
}
