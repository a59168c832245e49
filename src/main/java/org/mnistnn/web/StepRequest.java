package org.mnistnn.web;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import org.mnistnn.explain.StepsOnOneDigit;
import org.mnistnn.explain.Variant;
import org.mnistnn.explain.WeightCheck;
import org.mnistnn.learn.L2;

/**
 * The body of {@code POST /api/step}, checked. Strict JSON, as {@link PredictRequest}; unknown keys
 * are refused (a misspelt {@code "step"} must not silently mean 0 steps).
 *
 * <pre>
 * {"pixels": [D numbers in 0..1]  or  "test_index": i,     exactly one of the two
 *  "label": y,            0 ≤ y &lt; C; default: the true label of a test image, else the answer
 *  "lr": 0.02,            finite, 0 &lt; lr ≤ 10
 *  "steps": k,            0 ≤ k ≤ 1000
 *  "reg": 1e-4, "reg_biases": true,     the L2 term of the update, as the training options
 *  "variant": "ours" | "notebook",
 *  "check": {"param": "W1" | "b1" | "W2" | "b2", "index": j}}
 * </pre>
 *
 * @param pixels the image, or null when {@code testIndex} is given
 * @param testIndex the test image, or −1
 * @param label the label to learn, or −1 for the default
 * @param check the weight to check, or null
 */
public record StepRequest(
    float[] pixels,
    int testIndex,
    int label,
    float lr,
    int steps,
    L2 l2,
    Variant variant,
    Check check) {
  /** Most steps one request may ask for. */
  public static final int MAX_STEPS = 1000;

  /** Largest learning rate accepted. */
  public static final float MAX_LR = 10;

  /** The default learning rate, the training default. */
  public static final float DEFAULT_LR = 0.02f;

  /** The weight {@code param[index]} whose gradient is checked. */
  public record Check(String param, int index) {}

  /**
   * The sizes a request is checked against.
   *
   * @param paramSizes the number of entries of W1, b1, W2 and b2
   * @param testDigits how many test images there are (0: none)
   */
  public record Limits(int inputs, int classes, int[] paramSizes, int testDigits) {}

  private static final List<String> KEYS =
      List.of(
          "pixels", "test_index", "label", "lr", "steps", "reg", "reg_biases", "variant", "check");

  /** The request in {@code body}; {@link BadRequest} (400) naming what was wrong. */
  public static StepRequest parse(byte[] body, Limits limits) throws BadRequest {
    try (JsonReader json = PredictRequest.strictReader(body)) {
      StepRequest r = new Parser(json, limits).object();
      if (json.peek() != JsonToken.END_DOCUMENT) {
        throw BadRequest.of("unexpected data after the JSON object");
      }
      return r;
    } catch (CharacterCodingException e) {
      throw BadRequest.of("the body is not UTF-8 text");
    } catch (MalformedJsonException | java.io.EOFException | IllegalStateException e) {
      throw BadRequest.of(
          "the body is not valid JSON; expected {\"test_index\": i} or {\"pixels\": ["
              + limits.inputs()
              + " numbers]} with optional label, lr, steps, check");
    } catch (NumberFormatException e) {
      throw BadRequest.of("a value is not a number: " + e.getMessage());
    } catch (IOException e) {
      throw BadRequest.of("cannot read the body: " + e.getMessage());
    }
  }

  /** Reads one object field by field, remembering which were seen. */
  private static final class Parser {
    private final JsonReader json;
    private final Limits limits;
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private float[] pixels;
    private int testIndex = -1;
    private int label = -1;
    private float lr = DEFAULT_LR;
    private int steps;
    private float reg = StepsOnOneDigit.DEFAULT_L2.reg();
    private boolean regBiases = StepsOnOneDigit.DEFAULT_L2.biases();
    private Variant variant = Variant.OURS;
    private Check check;

    Parser(JsonReader json, Limits limits) {
      this.json = json;
      this.limits = limits;
    }

    StepRequest object() throws IOException, BadRequest {
      if (json.peek() != JsonToken.BEGIN_OBJECT) {
        throw BadRequest.of(
            "expected a JSON object like {\"test_index\": 0}, found "
                + PredictRequest.describe(json.peek()));
      }
      json.beginObject();
      while (json.hasNext()) {
        field(json.nextName());
      }
      json.endObject();
      if ((pixels == null) == (testIndex < 0)) {
        throw BadRequest.of(
            pixels == null
                ? "missing input: give \"pixels\" ("
                    + limits.inputs()
                    + " numbers) or \"test_index\""
                : "give \"pixels\" or \"test_index\", not both");
      }
      return new StepRequest(
          pixels, testIndex, label, lr, steps, new L2(reg, regBiases), variant, check);
    }

    private void field(String name) throws IOException, BadRequest {
      if (!KEYS.contains(name)) {
        throw BadRequest.of(
            "unknown key \"" + name + "\"; the keys are " + String.join(", ", KEYS));
      }
      if (!seen.add(name)) {
        throw BadRequest.of("\"" + name + "\" appears twice");
      }
      switch (name) {
        case "pixels" -> pixels = PredictRequest.readPixels(json, limits.inputs());
        case "test_index" -> testIndex = testIndex();
        case "label" -> label = integer(name, 0, limits.classes() - 1);
        case "lr" -> lr = lr();
        case "steps" -> steps = integer(name, 0, MAX_STEPS);
        case "reg" -> reg = reg();
        case "reg_biases" -> regBiases = bool(name);
        case "variant" -> variant = variant();
        default -> check = check();
      }
    }

    private int testIndex() throws IOException, BadRequest {
      if (limits.testDigits() == 0) {
        json.skipValue();
        throw new BadRequest(404, "no test digits here; send \"pixels\" instead");
      }
      return integer("test_index", 0, limits.testDigits() - 1);
    }

    private double number(String name) throws IOException, BadRequest {
      if (json.peek() != JsonToken.NUMBER) {
        throw BadRequest.of(
            "\"" + name + "\" must be a number, found " + PredictRequest.describe(json.peek()));
      }
      return json.nextDouble();
    }

    private int integer(String name, int lo, int hi) throws IOException, BadRequest {
      double v = number(name);
      if (v != Math.rint(v) || v < lo || v > hi) {
        throw BadRequest.of(
            "\"" + name + "\" is " + v + "; expected a whole number from " + lo + " to " + hi);
      }
      return (int) v;
    }

    private float lr() throws IOException, BadRequest {
      double v = number("lr");
      if (!(v > 0 && v <= MAX_LR)) {
        throw BadRequest.of("\"lr\" is " + v + "; expected 0 < lr ≤ " + (int) MAX_LR);
      }
      return (float) v;
    }

    private float reg() throws IOException, BadRequest {
      double v = number("reg");
      if (!(v >= 0 && v <= 1)) {
        throw BadRequest.of("\"reg\" is " + v + "; expected 0 ≤ reg ≤ 1");
      }
      return (float) v;
    }

    private boolean bool(String name) throws IOException, BadRequest {
      if (json.peek() != JsonToken.BOOLEAN) {
        throw BadRequest.of(
            "\""
                + name
                + "\" must be true or false, found "
                + PredictRequest.describe(json.peek()));
      }
      return json.nextBoolean();
    }

    private String string(String name) throws IOException, BadRequest {
      if (json.peek() != JsonToken.STRING) {
        throw BadRequest.of(
            "\"" + name + "\" must be a string, found " + PredictRequest.describe(json.peek()));
      }
      return json.nextString();
    }

    private Variant variant() throws IOException, BadRequest {
      String v = string("variant");
      for (Variant x : Variant.values()) {
        if (x.apiName().equals(v)) {
          return x;
        }
      }
      throw BadRequest.of("\"variant\" is \"" + v + "\"; expected \"ours\" or \"notebook\"");
    }

    private Check check() throws IOException, BadRequest {
      if (json.peek() != JsonToken.BEGIN_OBJECT) {
        throw BadRequest.of(
            "\"check\" must be an object {\"param\": \"W1\", \"index\": j}, found "
                + PredictRequest.describe(json.peek()));
      }
      json.beginObject();
      String param = null;
      double index = -1;
      boolean hasIndex = false;
      while (json.hasNext()) {
        String key = json.nextName();
        if (key.equals("param") && param == null) {
          param = string("check.param");
        } else if (key.equals("index") && !hasIndex) {
          index = number("check.index");
          hasIndex = true;
        } else {
          throw BadRequest.of(
              "\"check\" takes \"param\" and \"index\" once each, not \"" + key + "\"");
        }
      }
      json.endObject();
      return checkOf(param, hasIndex ? index : Double.NaN);
    }

    private Check checkOf(String param, double index) throws BadRequest {
      int p = param == null ? -1 : WeightCheck.PARAMS.indexOf(param);
      if (p < 0) {
        throw BadRequest.of(
            "\"check.param\" is "
                + (param == null ? "missing" : "\"" + param + "\"")
                + "; expected one of "
                + String.join(", ", WeightCheck.PARAMS));
      }
      int size = limits.paramSizes()[p];
      if (!(index == Math.rint(index) && index >= 0 && index < size)) {
        throw BadRequest.of(
            "\"check.index\" is "
                + (Double.isNaN(index) ? "missing" : index)
                + "; "
                + param
                + " has "
                + size
                + " entries, so expected a whole number from 0 to "
                + (size - 1));
      }
      return new Check(param, (int) index);
    }
  }
}
