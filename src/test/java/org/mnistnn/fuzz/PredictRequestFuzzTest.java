package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mnistnn.web.BadRequest;
import org.mnistnn.web.PredictRequest;

/**
 * The JSON body of {@code POST /api/predict}: random bytes, random JSON and mutated valid bodies
 * either give exactly 784 pixels in [0, 1] or a {@link BadRequest} with a 4xx status and a one-line
 * reason — never another exception.
 */
class PredictRequestFuzzTest {
  static final int D = 784;

  static void parsesOrRefuses(byte[] body) {
    try {
      float[] x = PredictRequest.parse(body, D);
      assertThat(x).hasSize(D);
      for (float v : x) {
        assertThat(v).isBetween(0f, 1f);
      }
    } catch (BadRequest e) {
      assertThat(e.status).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }

  static final byte[] VALID = validBody(1).getBytes(StandardCharsets.UTF_8);

  static String validBody(long seed) {
    java.util.Random rng = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder("{\"pixels\": [");
    for (int i = 0; i < D; i++) {
      sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", rng.nextFloat()));
    }
    return sb.append("]}").toString();
  }

  @Property(tries = 300)
  void randomBytes(@ForAll @Size(max = 2000) byte[] body) {
    parsesOrRefuses(body);
  }

  @Property(tries = 300)
  void mutatedBodies(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int edits) {
    parsesOrRefuses(Outcomes.mutate(VALID, seed, edits));
  }

  @Provide
  Arbitrary<String> json() {
    return Arbitraries.recursive(
        () ->
            Arbitraries.oneOf(
                Arbitraries.of(
                    "0",
                    "1",
                    "0.5",
                    "-0",
                    "1e-400",
                    "1e400",
                    "NaN",
                    "Infinity",
                    "-1",
                    "true",
                    "null",
                    "\"x\"",
                    "\"\\ud800\"",
                    "9".repeat(400)),
                Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\"", "") + "\"")),
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
                inner
                    .list()
                    .ofMaxSize(3)
                    .map(
                        l -> {
                          StringBuilder sb = new StringBuilder("{");
                          for (int i = 0; i < l.size(); i++) {
                            sb.append(i == 0 ? "" : ",")
                                .append(i == 0 ? "\"pixels\"" : "\"k" + i + "\"")
                                .append(':')
                                .append(l.get(i));
                          }
                          return sb.append('}').toString();
                        })),
        4);
  }

  @Property(tries = 300)
  void randomJson(@ForAll("json") String body) {
    parsesOrRefuses(body.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 100)
  void pixelArraysOfAnyLengthAndContent(
      @ForAll @Size(max = 1000) java.util.List<@IntRange(min = -2, max = 3) Integer> values) {
    StringBuilder sb = new StringBuilder("{\"pixels\":[");
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(values.get(i) / 2.0);
    }
    parsesOrRefuses(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  @net.jqwik.api.Example
  void deepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "{\"pixels\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    parsesOrRefuses(deep.getBytes(StandardCharsets.UTF_8));
    String deepObject = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
    parsesOrRefuses(deepObject.getBytes(StandardCharsets.UTF_8));
  }
}
