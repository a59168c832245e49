package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the HTTP layer itself refuses (broken framing, bad encodings, oversized headers) get the
 * same {@code {"error": "..."}} JSON as the API's own refusals, never an HTML page, and every
 * status line carries its reason phrase.
 */
class ServerErrorsTest {
  static final String HOST = "Host: 127.0.0.1\r\n";
  static WebServer server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    server =
        new WebServer(
                new LiveModel(Fixtures.net(16, 1)),
                TestDigits.unavailable("none"),
                new EventHub(JsonObject::new))
            .start("127.0.0.1", 0);
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void assertJsonError(RawHttp r, int status, String message) {
    assertThat(r.status()).as(r.statusLine() + "\n" + r.body()).isEqualTo(status);
    assertThat(r.head()).contains("content-type: application/json; charset=utf-8");
    JsonObject o = r.json();
    assertThat(o.keySet()).containsExactly("error");
    assertThat(o.get("error").getAsString()).containsIgnoringCase(message);
  }

  @Test
  void aBadChunkSizeLineIs400() throws Exception {
    RawHttp r =
        RawHttp.send(
            port,
            "POST /api/predict HTTP/1.1\r\n"
                + HOST
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n");
    assertJsonError(r, 400, "not valid chunked encoding");
    assertThat(r.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
  }

  @Test
  void aBodyThatStopsIs408AfterTheIdleTime() throws Exception {
    // 100 of 5000 bytes, then silence: answered when the connection has been idle for IDLE
    long t0 = System.nanoTime();
    RawHttp r =
        RawHttp.send(
            port,
            "POST /api/predict HTTP/1.1\r\n"
                + HOST
                + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                + "{\"pixels\": ["
                + "0,".repeat(44),
            WebServer.IDLE.plusSeconds(5));
    assertJsonError(r, 408, "came too slowly or stopped");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(WebServer.IDLE);
  }

  @Test
  void aBodyDrippedSlowlyIs408() throws Exception {
    String head =
        "POST /api/predict HTTP/1.1\r\n"
            + HOST
            + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
    RawHttp r = RawHttp.drip(port, head, PredictRequestTest.pixels(784, "0"), 20);
    assertJsonError(r, 408, "came too slowly or stopped");
  }

  @Test
  void tlsBytesOnThePlainPortAre400() throws Exception {
    assertJsonError(RawHttp.send(port, StalledClientsTest.tlsHello()), 400, "not https://");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /%zz HTTP/1.1\r\n" + HOST + "\r\n",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: localhost\r\n\r\n",
        "GET / HTTP/1.1\r\n" + HOST + "Bad Header Line\r\n\r\n",
        "POST /api/predict HTTP/1.1\r\n" + HOST + "Content-Length: x\r\n\r\n",
        "POST /api/predict HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "GET / HTTP/7.0\r\n" + HOST + "\r\n"
      })
  void malformedRequestsGetJson(String request) throws Exception {
    RawHttp r = RawHttp.send(port, request);
    assertThat(r.status()).as(r.statusLine()).isBetween(400, 505);
    assertJsonError(r, r.status(), "");
  }

  @Test
  void oversizedHeadersGetJson() throws Exception {
    String big = "X-Filler: " + "a".repeat(20_000) + "\r\n";
    RawHttp r = RawHttp.send(port, "GET / HTTP/1.1\r\n" + HOST + big + "\r\n");
    assertJsonError(r, 431, "headers are over 8192 bytes");
  }

  @Test
  void the429HasItsReasonPhrase() throws Exception {
    ServerClient client = new ServerClient(server);
    List<CompletableFuture<HttpResponse<java.io.InputStream>>> streams = new ArrayList<>();
    try {
      for (int i = 0; i < EventHub.MAX_CLIENTS; i++) {
        streams.add(
            client.http.sendAsync(
                HttpRequest.newBuilder(URI.create(client.base + "/api/events"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream()));
      }
      for (var s : streams) {
        assertThat(s.get().statusCode()).isEqualTo(200);
      }
      RawHttp r = RawHttp.send(port, "GET /api/events HTTP/1.1\r\n" + HOST + "\r\n");
      assertJsonError(r, 429, "too many live views");
      assertThat(r.statusLine()).isEqualTo("HTTP/1.1 429 Too Many Requests");
    } finally {
      for (var s : streams) {
        s.thenAccept(
            r -> {
              try {
                r.body().close();
              } catch (java.io.IOException e) {
                // closing is all we wanted
              }
            });
      }
    }
  }
}
