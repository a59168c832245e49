package org.mnistnn.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 (a free port) that plays mirrors: each mirror is a folder of
 * files, served whole, cut short, or not at all (404). It counts requests per path.
 */
final class TestServer implements AutoCloseable {
  /** How a mirror misbehaves. */
  enum Mode {
    WHOLE,
    /** Announces the full length, sends half, then drops the connection. */
    CUT_SHORT,
    /** Sends the headers, then nothing for a long time. */
    STALL
  }

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code content} at {@code /mirror/name} and returns the mirror's base URL. */
  URI put(String mirror, String name, byte[] content) {
    files.put("/" + mirror + "/" + name, content);
    return base(mirror);
  }

  void mode(String mirror, Mode mode) {
    modes.put(mirror, mode);
  }

  URI base(String mirror) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + mirror + "/");
  }

  /** Requests so far for paths under {@code /mirror/}. */
  int hits(String mirror) {
    return hits.entrySet().stream()
        .filter(e -> e.getKey().startsWith("/" + mirror + "/"))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    byte[] body = files.get(path);
    if (body == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    String mirror = path.split("/")[1];
    Mode mode = modes.getOrDefault(mirror, Mode.WHOLE);
    ex.sendResponseHeaders(200, body.length);
    OutputStream out = ex.getResponseBody();
    try {
      switch (mode) {
        case WHOLE -> out.write(body);
        case CUT_SHORT -> {
          out.write(body, 0, body.length / 2);
          out.flush();
        }
        case STALL -> {
          out.flush();
          Thread.sleep(2_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // closing with fewer bytes than announced makes the server drop the connection
      try {
        ex.close();
      } catch (RuntimeException e) {
        // expected for CUT_SHORT
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
