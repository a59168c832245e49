package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients that start a request and never finish it must cost the others nothing: with 48 such
 * connections open (more than the server's threads), none of its threads is held by them and five
 * normal predictions are all answered within 3 s. Bounded in count (48 sockets, 5 requests) and
 * time (each case ends within about 5 s), on 127.0.0.1 only.
 */
class StalledClientsTest {
  /** More stalled connections than the server has threads, so none may hold one. */
  static final int STALLED = Math.max(16, WebServer.THREADS + 16);

  static final int NORMAL = 5;
  static final Duration BOUND = Duration.ofSeconds(3);

  static WebServer server;
  static ServerClient client;

  /** How a connection stalls. */
  enum Stall {
    /** Content-Length 5000, 100 bytes sent. */
    PARTIAL_BODY,
    /** The request line and headers, one byte a second. */
    SLOW_HEADERS,
    /** The start of a TLS ClientHello, as a browser sends to an https:// address. */
    TLS_HELLO,
    /** A chunked body whose chunk-size line is not hexadecimal. */
    BAD_CHUNK,
    /** The request line only, then nothing. */
    PARTIAL_HEADERS
  }

  @BeforeAll
  static void start() throws Exception {
    server =
        new WebServer(new LiveModel(Fixtures.net(16, 1)), TestDigits.unavailable("none"), null)
            .start("127.0.0.1", 0);
    client = new ServerClient(server);
    // the first requests load the client's and the server's classes: not what is measured here
    for (int i = 0; i < 3; i++) {
      assertThat(client.http.send(predict(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String postHead(String extra) {
    return "POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + extra
        + "\r\n";
  }

  /** The bytes a stalled client sends at once (all of them but the dripped ones). */
  static byte[] opening(Stall stall) {
    return switch (stall) {
      case PARTIAL_BODY ->
          ascii(postHead("Content-Length: 5000\r\n") + "{\"pixels\": [" + "0,".repeat(44));
      case SLOW_HEADERS -> ascii("P");
      case TLS_HELLO -> tlsHello();
      case BAD_CHUNK -> ascii(postHead("Transfer-Encoding: chunked\r\n") + "zz\r\n{\"pix");
      case PARTIAL_HEADERS -> ascii("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    };
  }

  /** A TLS 1.2 record header and the start of a ClientHello (no line end anywhere). */
  static byte[] tlsHello() {
    byte[] b = new byte[80];
    byte[] head = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
    System.arraycopy(head, 0, b, 0, head.length);
    for (int i = head.length; i < b.length; i++) {
      b[i] = (byte) (i * 37 + 11);
      if (b[i] == '\r' || b[i] == '\n') {
        b[i] = 0x20;
      }
    }
    return b;
  }

  @ParameterizedTest
  @EnumSource(Stall.class)
  void stalledConnectionsDoNotDelayOthers(Stall stall) throws Exception {
    List<Socket> stalled = new ArrayList<>();
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < STALLED; i++) {
        Socket s = new Socket("127.0.0.1", client.port);
        s.getOutputStream().write(opening(stall));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      if (stall == Stall.SLOW_HEADERS) {
        byte[] rest = ascii(postHead("Content-Length: 5000\r\n").substring(1));
        int[] at = {0};
        drip.scheduleAtFixedRate(() -> dripOne(stalled, rest, at), 1, 1, TimeUnit.SECONDS);
      }
      Thread.sleep(300); // let the server take them all in first
      assertThat(workersInRoutes()).as("server threads held by unfinished requests").isEmpty();
      long t0 = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < NORMAL; i++) {
        answers.add(client.http.sendAsync(predict(), HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get(BOUND.toMillis() + 2000, TimeUnit.MILLISECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      System.out.printf(
          "%s: %d normal requests beside %d stalled: %d ms%n",
          stall, NORMAL, STALLED, took.toMillis());
      assertThat(took).as("time for the normal requests").isLessThan(BOUND);
    } finally {
      drip.shutdownNow();
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  /** The server's threads now inside this package's code (a route, or reading a body). */
  static List<String> workersInRoutes() {
    List<String> held = new ArrayList<>();
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              if (t.getName().startsWith("mnist-nn-http")) {
                for (StackTraceElement f : stack) {
                  if (f.getClassName().startsWith("org.mnistnn.web.")) {
                    held.add(t.getName() + " in " + f);
                    break;
                  }
                }
              }
            });
    return held;
  }

  private static void dripOne(List<Socket> sockets, byte[] rest, int[] at) {
    if (at[0] >= rest.length) {
      return;
    }
    for (Socket s : sockets) {
      try {
        OutputStream out = s.getOutputStream();
        out.write(rest[at[0]]);
        out.flush();
      } catch (IOException e) {
        // cut off by the server: that is allowed
      }
    }
    at[0]++;
  }

  private static HttpRequest predict() {
    return HttpRequest.newBuilder(URI.create(client.base + "/api/predict"))
        .timeout(BOUND.plusSeconds(2))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(PredictRequestTest.pixels(784, "0.5")))
        .build();
  }
}
