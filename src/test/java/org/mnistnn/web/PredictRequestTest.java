package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PredictRequestTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String pixels(int n, String value) {
    return "{\"pixels\": [" + String.join(",", Collections.nCopies(n, value)) + "]}";
  }

  private static void assertBad(String body, String message) {
    assertThatThrownBy(() -> PredictRequest.parse(utf8(body), 784))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((BadRequest) e).status).isEqualTo(400));
  }

  @Test
  void readsAGoodRequest() throws BadRequest {
    StringBuilder s = new StringBuilder("{\"pixels\":[");
    for (int i = 0; i < 784; i++) {
      s.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "0" : "1e-0");
    }
    s.append("], \"comment\": {\"ignored\": [1, 2]}}");
    float[] x = PredictRequest.parse(utf8(s.toString()), 784);
    assertThat(x).hasSize(784);
    assertThat(x[0]).isZero();
    assertThat(x[1]).isEqualTo(1f);
  }

  @Test
  void refusesTheWrongNumberOfPixels() {
    assertBad(pixels(783, "0.5"), "\"pixels\" has 783 values; expected 784");
    assertBad(pixels(785, "0.5"), "more than 784 values");
    assertBad("{\"pixels\": []}", "has 0 values");
  }

  @Test
  void refusesValuesOutOfRange() {
    assertBad(pixels(784, "1.0001"), "pixel 0 is 1.0001; pixels must be between 0 and 1");
    assertBad(pixels(784, "-0.1"), "pixels must be between 0 and 1");
    assertBad(pixels(784, "1e400"), "not valid JSON"); // infinite once parsed
  }

  @Test
  void refusesNonNumbers() {
    assertBad(pixels(784, "NaN"), "not valid JSON");
    assertBad(pixels(784, "Infinity"), "not valid JSON");
    assertBad(pixels(784, "\"0.5\""), "pixel 0 is a string, not a number");
    assertBad(pixels(784, "null"), "pixel 0 is null, not a number");
    assertBad(pixels(784, "[0]"), "pixel 0 is an array");
  }

  @Test
  void refusesMalformedBodies() {
    assertBad("", "not valid JSON");
    assertBad("pixels=0.5", "not valid JSON");
    assertBad("[0.5]", "expected a JSON object");
    assertBad("{\"pixels\": 3}", "\"pixels\" must be an array, found a number");
    assertBad("{\"image\": []}", "missing \"pixels\"");
    assertBad("{pixels: [0]}", "not valid JSON");
    assertBad(pixels(784, "0") + " extra", "not valid JSON");
    assertBad(pixels(784, "0") + " {}", "not valid JSON");
    assertBad("{\"pixels\": [0], \"pixels\": [0]}", "784");
    assertBad("{\"pixels\": [" + "0,".repeat(783) + "0", "not valid JSON");
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = utf8(pixels(784, "0"));
    body[3] = (byte) 0xC3; // a lone lead byte inside the key
    assertThatThrownBy(() -> PredictRequest.parse(body, 784))
        .isInstanceOf(BadRequest.class)
        .hasMessage("the body is not UTF-8 text");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    assertBad("{\"x\": " + deep + "}", "not valid JSON");
    assertBad("{\"x\": [[[]]], \"pixels\": []}", "has 0 values");
  }

  @Property(tries = 1000)
  void anyBytesGiveAPixelArrayOrABadRequest(@ForAll @Size(max = 2000) byte[] body) {
    fuzz(body);
  }

  @Property(tries = 1000)
  void mutatedRequestsGiveAPixelArrayOrABadRequest(
      @ForAll @Size(max = 40) java.util.List<Integer> positions, @ForAll byte value) {
    byte[] body = utf8(pixels(784, "0.25"));
    for (int p : positions) {
      body[Math.floorMod(p, body.length)] = value;
    }
    fuzz(body);
  }

  private static void fuzz(byte[] body) {
    try {
      float[] x = PredictRequest.parse(body, 784);
      assertThat(x).hasSize(784);
      for (float v : x) {
        assertThat(v).isBetween(0f, 1f);
      }
    } catch (BadRequest e) {
      assertThat(e.status).isEqualTo(400);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }
}
