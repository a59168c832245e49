package org.mnistnn.web;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses the body of {@code POST /api/predict}: {@code {"pixels": [784 numbers in 0..1]}},
 * row-major, white digit on black. Strict JSON (no NaN, no comments, no trailing data, UTF-8 only);
 * other keys are ignored. A pure function of the bytes, so it can be fuzzed without a server.
 */
public final class PredictRequest {
  private PredictRequest() {}

  /**
   * The pixels of a request body, checked to number exactly {@code expected}, each finite and in
   * [0, 1]; throws {@link BadRequest} (400) saying what was wrong.
   */
  public static float[] parse(byte[] body, int expected) throws BadRequest {
    try (JsonReader json = strictReader(body)) {
      float[] pixels = readObject(json, expected);
      if (json.peek() != JsonToken.END_DOCUMENT) {
        throw BadRequest.of("unexpected data after the JSON object");
      }
      return pixels;
    } catch (CharacterCodingException e) {
      throw BadRequest.of("the body is not UTF-8 text");
    } catch (MalformedJsonException | java.io.EOFException | IllegalStateException e) {
      throw BadRequest.of(
          "the body is not valid JSON; expected {\"pixels\": [" + expected + " numbers in 0..1]}");
    } catch (NumberFormatException e) {
      throw BadRequest.of("a pixel is not a number: " + e.getMessage());
    } catch (IOException e) {
      throw BadRequest.of("cannot read the body: " + e.getMessage());
    }
  }

  /**
   * A reader of {@code body} as strict JSON (no NaN, no comments) in UTF-8 only: a byte sequence
   * that is not UTF-8 fails the read with a {@link CharacterCodingException}.
   */
  static JsonReader strictReader(byte[] body) {
    Reader text =
        new InputStreamReader(
            new java.io.ByteArrayInputStream(body),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    JsonReader json = new JsonReader(text);
    json.setStrictness(Strictness.STRICT);
    return json;
  }

  private static float[] readObject(JsonReader json, int expected) throws IOException, BadRequest {
    if (json.peek() != JsonToken.BEGIN_OBJECT) {
      throw BadRequest.of(
          "expected a JSON object {\"pixels\": [...]}, found " + describe(json.peek()));
    }
    json.beginObject();
    float[] pixels = null;
    while (json.hasNext()) {
      String name = json.nextName();
      if (name.equals("pixels")) {
        if (pixels != null) {
          throw BadRequest.of("\"pixels\" appears twice");
        }
        pixels = readPixels(json, expected);
      } else {
        json.skipValue();
      }
    }
    json.endObject();
    if (pixels == null) {
      throw BadRequest.of("missing \"pixels\": expected an array of " + expected + " numbers");
    }
    return pixels;
  }

  static float[] readPixels(JsonReader json, int expected) throws IOException, BadRequest {
    if (json.peek() != JsonToken.BEGIN_ARRAY) {
      throw BadRequest.of("\"pixels\" must be an array, found " + describe(json.peek()));
    }
    json.beginArray();
    float[] pixels = new float[expected];
    int n = 0;
    while (json.hasNext()) {
      if (json.peek() != JsonToken.NUMBER) {
        throw BadRequest.of("pixel " + n + " is " + describe(json.peek()) + ", not a number");
      }
      double v = json.nextDouble();
      if (!(v >= 0 && v <= 1)) {
        throw BadRequest.of("pixel " + n + " is " + v + "; pixels must be between 0 and 1");
      }
      if (n < expected) {
        pixels[n] = (float) v;
      }
      n++;
      if (n > expected) {
        throw BadRequest.of("\"pixels\" has more than " + expected + " values");
      }
    }
    json.endArray();
    if (n != expected) {
      throw BadRequest.of(
          "\"pixels\" has " + n + " values; expected " + expected + " (28×28, row-major)");
    }
    return pixels;
  }

  static String describe(JsonToken t) {
    return switch (t) {
      case BEGIN_ARRAY -> "an array";
      case BEGIN_OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case END_DOCUMENT -> "the end of the body";
      default -> t.toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
