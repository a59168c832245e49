package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.web.LiveModel;
import org.mnistnn.web.TestDigits;
import org.mnistnn.web.WebServer;

/**
 * The HTTP API on 127.0.0.1 with random bodies, content types and methods: every answer is 200 or a
 * 4xx with a JSON error, never a 500, and the server keeps answering.
 */
class HttpFuzzTest {
  static WebServer server;
  static HttpClient client;

  @BeforeContainer
  static void start() throws Exception {
    TwoLayerNet net = TwoLayerNet.initialised(784, 20, 10, new Random(1));
    server =
        new WebServer(new LiveModel(net), TestDigits.unavailable("fuzz"), null)
            .start("127.0.0.1", 0);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of(
        "api/predict", "api/predict-image", "api/info", "api/test-digit?index=x", "api/nope");
  }

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.of(
        "application/json",
        "application/json; charset=utf-8",
        "image/png",
        "application/octet-stream",
        "text/plain",
        "");
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("POST", "POST", "POST", "GET", "PUT", "DELETE");
  }

  @Property(tries = 150)
  void anyRequestGetsAnAnswerOrA4xx(
      @ForAll @From("paths") String path,
      @ForAll @From("types") String type,
      @ForAll @From("methods") String method,
      @ForAll @Size(max = 3000) byte[] body,
      @ForAll boolean json)
      throws Exception {
    byte[] payload =
        json
            ? ("{\"pixels\":" + new String(body, StandardCharsets.ISO_8859_1) + "}")
                .getBytes(StandardCharsets.UTF_8)
            : body;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
    if (!type.isEmpty()) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 404, 405, 413, 415, 422);
    if (r.statusCode() >= 400) {
      assertThat(r.body()).startsWith("{\"error\":");
    }
  }

  /** A body announced larger than the limit is refused from its Content-Length, unread. */
  @Property(tries = 4)
  void oversizedBodiesAreRefusedWith413(@ForAll boolean image) throws Exception {
    long length = (image ? WebServer.IMAGE_LIMIT : WebServer.JSON_LIMIT) + 1L;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      String head =
          "POST /api/"
              + (image ? "predict-image" : "predict")
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
              + (image ? "image/png" : "application/json")
              + "\r\nContent-Length: "
              + length
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(status).startsWith("HTTP/1.1 413");
    }
  }
}
