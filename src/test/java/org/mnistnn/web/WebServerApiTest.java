package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.Color;
import java.awt.geom.Line2D;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.image.Pictures;
import org.mnistnn.learn.TwoLayerNet;

/** The HTTP API against a real server on 127.0.0.1 (random weights: only the plumbing counts). */
class WebServerApiTest {
  static final TwoLayerNet NET = Fixtures.net(32, 7);
  static final MnistDataset DIGITS = Fixtures.dataset(20, 3);
  static WebServer server;
  static ServerClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new WebServer(new LiveModel(NET), TestDigits.of(DIGITS), null).start("127.0.0.1", 0);
    client = new ServerClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertError(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    JsonObject o = ServerClient.json(r);
    assertThat(o.keySet()).containsExactly("error");
    assertThat(o.get("error").getAsString()).contains(message);
  }

  @Test
  void everyAnswerNamesTheModelsClasses() throws Exception {
    java.util.List<String> names = org.mnistnn.data.DataSet.FASHION_MNIST.classes();
    try (WebServer fashion =
        new WebServer(new LiveModel(NET, names), TestDigits.of(DIGITS), null)
            .start("127.0.0.1", 0)) {
      ServerClient c = new ServerClient(fashion);
      String expected = Json.strings(names).toString();
      JsonObject info = ServerClient.json(c.get("/api/info"));
      assertThat(info.get("classes").getAsInt()).isEqualTo(10); // the count, as before
      assertThat(info.getAsJsonArray("class_names").toString()).isEqualTo(expected);
      assertThat(info.getAsJsonArray("class_names").get(1).getAsString()).isEqualTo("Trouser");
      String zeros = "{\"pixels\":[0" + ",0".repeat(783) + "]}";
      JsonObject p = ServerClient.json(c.postJson(zeros));
      assertThat(p.getAsJsonArray("class_names").toString()).isEqualTo(expected);
      JsonObject t = ServerClient.json(c.get("/api/test-digit?index=3"));
      assertThat(t.getAsJsonArray("class_names").toString()).isEqualTo(expected);
    }
  }

  @Test
  void predictAnswersDigitProbabilitiesAndHiddenUnits() throws Exception {
    float[] x = new float[784];
    StringBuilder body = new StringBuilder("{\"pixels\":[");
    for (int i = 0; i < 784; i++) {
      x[i] = (i % 29) / 28f;
      body.append(i == 0 ? "" : ",").append(x[i]);
    }
    HttpResponse<String> r = client.postJson(body.append("]}").toString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject o = ServerClient.json(r);
    assertThat(o.keySet()).containsExactly("digit", "probabilities", "hidden", "class_names");
    assertThat(o.getAsJsonArray("class_names").toString())
        .isEqualTo("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]");
    JsonArray probs = o.getAsJsonArray("probabilities");
    assertThat(probs).hasSize(10);
    double sum = 0;
    for (var p : probs) {
      sum += p.getAsDouble();
    }
    assertThat(sum).isBetween(0.9999, 1.0001);
    assertThat(o.getAsJsonArray("hidden")).hasSize(32);
    Prediction direct = Prediction.of(NET, x);
    assertThat(o.get("digit").getAsInt()).isEqualTo(direct.digit());
    assertThat(o.getAsJsonArray("hidden").get(5).getAsFloat())
        .isCloseTo(direct.hidden()[5], org.assertj.core.api.Assertions.within(1e-4f));
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(client.postJson("{\"pixels\": [0, 0,"), 400, "not valid JSON");
    assertError(client.postJson("hello"), 400, "not valid JSON");
  }

  @Test
  void wrongLengthIs400() throws Exception {
    assertError(
        client.postJson(PredictRequestTest.pixels(100, "0")), 400, "has 100 values; expected 784");
  }

  @Test
  void outOfRangeIs400() throws Exception {
    assertError(client.postJson(PredictRequestTest.pixels(784, "255")), 400, "between 0 and 1");
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    String big = PredictRequestTest.pixels(784, "0.0" + "0".repeat(80) + "1");
    assertThat(big.length()).isGreaterThan(WebServer.JSON_LIMIT);
    assertError(client.postJson(big), 413, "the limit is 65536 bytes");
    // the same without a Content-Length (chunked): refused while reading
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(client.base + "/api/predict"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    assertError(client.http.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "limit");
  }

  /**
   * A request refused before its body is read still has that body read and thrown away after the
   * answer: the answer is not lost to a reset while the client is still sending, and the same
   * connection goes on to answer the next request.
   */
  @ParameterizedTest
  @CsvSource({
    "POST /api/predict, application/json, 70000, 413",
    "POST /api/predict, text/plain, 30000, 415",
    "PUT /api/predict, application/json, 30000, 405",
    "POST /api/nothing, application/json, 30000, 404"
  })
  void aRefusedBodyIsReadAfterTheAnswer(String request, String type, int size, int status)
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (request
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                  + type
                  + "\r\nContent-Length: "
                  + size
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[size]);
      out.write(
          "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answers).startsWith("HTTP/1.1 " + status + " ");
      assertThat(answers.indexOf("HTTP/1.1 200 ")).as(answers).isPositive();
    }
  }

  @Test
  void wrongMethodIs405() throws Exception {
    HttpResponse<String> r = client.get("/api/predict");
    assertError(r, 405, "GET is not allowed here; use POST");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<String> del =
        client.http.send(
            HttpRequest.newBuilder(URI.create(client.base + "/index.html")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(del, 405, "DELETE is not allowed");
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    byte[] body = PredictRequestTest.pixels(784, "0").getBytes(StandardCharsets.UTF_8);
    assertError(client.post("/api/predict", "text/plain", body), 415, "send application/json");
    assertError(client.post("/api/predict", null, body), 415, "Content-Type is missing");
    assertError(client.post("/api/predict-image", "application/json", body), 415, "image/*");
  }

  @Test
  void thePageAndItsFilesAreServed() throws Exception {
    HttpResponse<String> page = client.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<canvas id=\"pad\"");
    assertThat(client.get("/app.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(client.get("/style.css").statusCode()).isEqualTo(200);
    assertError(client.get("/nothing.js"), 404, "no such page");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/../pom.xml",
        "/..%2fpom.xml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/web/index.html",
        "/./index.html",
        "//etc/passwd",
        "/index.html/../app.js",
        "/org/mnistnn/web/WebServer.class",
        "/..\\..\\pom.xml",
        "/%2e%2e%5cpom.xml",
        "/app.js%00.html",
        "/META-INF/MANIFEST.MF",
        "/..%2forg%2fmnistnn%2fweb%2fWebServer.class",
        "/%2E%2E/org/mnistnn/web/StaticFiles.class"
      })
  void staticFilesCannotEscapeTheirFolder(String target) throws Exception {
    String[] r = client.raw(target, "127.0.0.1:" + client.port);
    assertThat(r[0]).as(r[1]).isIn("400", "404");
    assertThat(r[1]).doesNotContain("<project").doesNotContain("root:").doesNotContain("function");
  }

  @Test
  void foreignHostNamesAreRefused() throws Exception {
    String[] r = client.raw("/", "attacker.example:" + client.port);
    assertThat(r[0]).isEqualTo("403");
    assertThat(client.raw("/", "localhost:" + client.port)[0]).isEqualTo("200");
  }

  @Test
  void predictImagePreprocessesAndExplains() throws Exception {
    byte[] png =
        Pictures.encode(Pictures.dark(280, 280, new Line2D.Double(140, 40, 140, 240), 20), "png");
    HttpResponse<String> r = client.post("/api/predict-image", "image/png", png);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject o = ServerClient.json(r);
    assertThat(o.getAsJsonArray("image")).hasSize(784);
    assertThat(o.get("inverted").getAsBoolean()).isTrue();
    assertThat(o.getAsJsonArray("probabilities")).hasSize(10);
    JsonArray units = o.getAsJsonArray("top_units");
    assertThat(units.size()).isBetween(1, WebServer.TOP_UNITS);
    JsonObject first = units.get(0).getAsJsonObject();
    assertThat(first.getAsJsonArray("weights")).hasSize(784);
    int j = first.get("unit").getAsInt();
    int d = o.get("digit").getAsInt();
    float h = o.getAsJsonArray("hidden").get(j).getAsFloat();
    assertThat(first.get("contribution").getAsDouble())
        .isCloseTo(h * NET.W2[j * 10 + d], org.assertj.core.api.Assertions.within(1e-3));
  }

  @Test
  void blankAndBrokenPicturesAre422() throws Exception {
    byte[] blank = Pictures.encode(Pictures.plain(100, 100, Color.WHITE), "png");
    assertError(client.post("/api/predict-image", "image/png", blank), 422, "no ink found");
    byte[] junk = "GIF89a but not really".getBytes(StandardCharsets.US_ASCII);
    assertError(client.post("/api/predict-image", "image/gif", junk), 422, "the upload");
  }

  @Test
  void testDigitsCarryTheirLabel() throws Exception {
    HttpResponse<String> r = client.get("/api/test-digit?index=13");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject o = ServerClient.json(r);
    assertThat(o.get("index").getAsInt()).isEqualTo(13);
    assertThat(o.get("label").getAsInt()).isEqualTo(DIGITS.label(13));
    assertThat(o.getAsJsonArray("image").get(100).getAsFloat())
        .isCloseTo(DIGITS.pixel(13, 100) / 255f, org.assertj.core.api.Assertions.within(1e-3f));
    JsonObject random = ServerClient.json(client.get("/api/test-digit"));
    assertThat(random.get("index").getAsInt()).isBetween(0, 19);
    assertError(client.get("/api/test-digit?index=20"), 400, "past the last test digit (19)");
    assertError(client.get("/api/test-digit?index=-1"), 400, "expected ?index=N");
  }

  @Test
  void withoutTestDigitsTheInfoSaysWhy() throws Exception {
    try (WebServer bare =
        new WebServer(new LiveModel(NET), TestDigits.unavailable("no data here"), null)
            .start("127.0.0.1", 0)) {
      ServerClient c = new ServerClient(bare);
      JsonObject info = ServerClient.json(c.get("/api/info"));
      assertThat(info.get("test_digits").getAsBoolean()).isFalse();
      assertThat(info.get("test_digits_note").getAsString()).isEqualTo("no data here");
      assertThat(info.get("training").getAsBoolean()).isFalse();
      assertError(c.get("/api/test-digit"), 404, "no data here");
      assertError(c.get("/api/events"), 404, "train --serve");
    }
  }

  @Test
  void manyClientsAtOnceAreAllAnswered() throws Exception {
    // 16 clients × 10 requests against 8 server threads: bounded in count and time
    String body = PredictRequestTest.pixels(784, "0.5");
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> codes = new java.util.ArrayList<>();
      for (int i = 0; i < 160; i++) {
        codes.add(clients.submit(() -> client.postJson(body).statusCode()));
      }
      for (var c : codes) {
        assertThat(c.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void unknownApisAre404() throws Exception {
    assertError(client.get("/api/nothing"), 404, "no such API");
  }
}
