package org.mnistnn.web;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mnistnn.image.GrayImage;
import org.mnistnn.image.ImageException;
import org.mnistnn.image.ImageFiles;
import org.mnistnn.image.MnistPreprocessor;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The draw-a-digit server, on the JDK's {@code com.sun.net.httpserver} with a bounded pool of
 * threads.
 *
 * <pre>
 * GET  /                     the page (index.html, app.js, style.css from /web/ on the class path)
 * POST /api/predict          {"pixels": [784 in 0..1]} → {"digit", "probabilities", "hidden"}
 * POST /api/predict-image    a PNG/JPEG picture → the same, plus the preprocessed "image" and
 *                            "top_units" (the hidden units that pushed the answer most)
 * GET  /api/test-digit[?index=i]  a random (or the i-th) MNIST test digit, its "label" and the
 *                            network's explained answer
 * GET  /api/info             sizes, whether test digits and training events are available
 * POST /api/step             one SGD step on one digit, every matrix of it ({@link StepApi})
 * GET  /step                 the backprop explorer page (step.html, step.js)
 * GET  /api/events           the training run as server-sent events (train --serve only)
 * </pre>
 *
 * Refused requests get a 4xx status and {@code {"error": "..."}}.
 */
public final class WebServer implements AutoCloseable {
  /** Largest body of {@code /api/predict}: 784 numbers need at most ~20 KiB. */
  public static final int JSON_LIMIT = 64 * 1024;

  /** Largest picture upload. */
  public static final int IMAGE_LIMIT = 4 * 1024 * 1024;

  /** Largest picture, in pixels, the page may send (a 4096×4096 canvas). */
  public static final long IMAGE_MAX_PIXELS = 4096L * 4096;

  /** Hidden units listed as the answer's main supporters. */
  static final int TOP_UNITS = 6;

  private static final int THREADS = 8;

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, the body waits
    // for the client's delayed ACK, adding ~40 ms to every answer. The server reads this property
    // once, when its configuration class loads, so it is set before the first server is made.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // A client that sends its request slower than this (seconds) is cut off, so a few slow
    // clients cannot hold every thread of the pool. Streams (server-sent events) are not affected:
    // the limit ends when the answer's headers are sent.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "30");
    }
  }

  private final LiveModel model;
  private final TestDigits digits;
  private final EventHub events;
  private final StaticFiles files = new StaticFiles("/web/");
  private HttpServer server;
  private ThreadPoolExecutor pool;
  private boolean loopback;

  /**
   * @param events the training stream, or null when serving a fixed model
   */
  public WebServer(LiveModel model, TestDigits digits, EventHub events) {
    this.model = model;
    this.digits = digits;
    this.events = events;
  }

  /** Starts listening on {@code host:port} (port 0 picks a free one). */
  public WebServer start(String host, int port) throws IOException {
    InetAddress addr = InetAddress.getByName(host);
    loopback = addr.isLoopbackAddress();
    server = HttpServer.create(new InetSocketAddress(addr, port), 64);
    pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            r -> {
              Thread t = new Thread(r, "mnist-nn-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address. */
  public String url() {
    InetAddress a = server.getAddress().getAddress();
    String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    if (events != null) {
      events.close();
    }
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      try {
        checkHost(ex);
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/api/")) {
          api(ex, path);
        } else {
          page(ex, path);
        }
      } catch (BadRequest e) {
        sendJson(ex, e.status, Json.error(e.getMessage()));
      } catch (IOException e) {
        // the client hung up mid-request: nothing to answer
      } catch (RuntimeException e) {
        System.err.println("error: unexpected " + e + " serving " + ex.getRequestURI());
        sendJson(ex, 500, Json.error("internal error: " + e.getClass().getSimpleName()));
      }
    }
  }

  /**
   * On a loopback address only local names are accepted as Host, so a web page elsewhere cannot
   * reach this server by pointing its own domain name at 127.0.0.1 (DNS rebinding).
   */
  private void checkHost(HttpExchange ex) throws BadRequest {
    if (!loopback) {
      return;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
    if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
      throw new BadRequest(403, "Host '" + host + "' is not this machine; use " + url());
    }
  }

  private void page(HttpExchange ex, String path) throws IOException, BadRequest {
    requireMethod(ex, "GET", "HEAD");
    StaticFiles.File f = files.find(path);
    if (f == null) {
      throw new BadRequest(404, "no such page: " + path);
    }
    ex.getResponseHeaders().set("Content-Type", f.contentType());
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'");
    send(ex, 200, f.bytes());
  }

  private void api(HttpExchange ex, String path) throws IOException, BadRequest {
    switch (path) {
      case "/api/predict" -> predict(ex);
      case "/api/predict-image" -> predictImage(ex);
      case "/api/test-digit" -> testDigit(ex);
      case "/api/info" -> info(ex);
      case "/api/step" -> sendJson(ex, 200, new StepApi(model, digits).answer(postedJson(ex)));
      case "/api/events" -> {
        requireMethod(ex, "GET");
        if (events == null) {
          throw new BadRequest(404, "no training run here; start one with `train --serve`");
        }
        events.serve(ex);
      }
      default -> throw new BadRequest(404, "no such API: " + path);
    }
  }

  private void predict(HttpExchange ex) throws IOException, BadRequest {
    requireMethod(ex, "POST");
    HttpBodies.requireType(ex, "application/json");
    byte[] body = HttpBodies.read(ex, JSON_LIMIT);
    TwoLayerNet net = model.get().net();
    float[] x = PredictRequest.parse(body, net.inputs);
    sendJson(ex, 200, Prediction.of(net, x).toJson());
  }

  /** The body of a JSON POST, at most {@link #JSON_LIMIT} bytes. */
  private static byte[] postedJson(HttpExchange ex) throws IOException, BadRequest {
    requireMethod(ex, "POST");
    HttpBodies.requireType(ex, "application/json");
    return HttpBodies.read(ex, JSON_LIMIT);
  }

  private void predictImage(HttpExchange ex) throws IOException, BadRequest {
    requireMethod(ex, "POST");
    HttpBodies.requireType(ex, "image/*", "application/octet-stream");
    byte[] body = HttpBodies.read(ex, IMAGE_LIMIT);
    LiveModel.Snapshot snap = model.get();
    MnistPreprocessor.Result pre;
    try {
      pre =
          MnistPreprocessor.process(
              GrayImage.of(ImageFiles.decode(body, "the picture", IMAGE_MAX_PIXELS)));
    } catch (ImageException e) {
      throw new BadRequest(422, e.getMessage());
    }
    if (pre.pixels().length != snap.net().inputs) {
      throw new BadRequest(
          422, "the network takes " + snap.net().inputs + " inputs, not a 28×28 picture");
    }
    JsonObject o = explained(snap, pre.pixels());
    o.addProperty("inverted", pre.inverted());
    sendJson(ex, 200, o);
  }

  private void testDigit(HttpExchange ex) throws IOException, BadRequest {
    requireMethod(ex, "GET");
    if (!digits.available()) {
      throw new BadRequest(404, "no test digits: " + digits.note());
    }
    int i = indexParam(ex.getRequestURI().getQuery());
    LiveModel.Snapshot snap = model.get();
    float[] x = digits.pixels(i);
    if (x.length != snap.net().inputs) {
      throw new BadRequest(404, "the test images do not fit this network's inputs");
    }
    JsonObject o = explained(snap, x);
    o.addProperty("index", i);
    o.addProperty("label", digits.label(i));
    sendJson(ex, 200, o);
  }

  private int indexParam(String query) throws BadRequest {
    if (query == null || query.isEmpty()) {
      return digits.randomIndex();
    }
    if (!query.matches("index=\\d{1,9}")) {
      throw BadRequest.of("expected ?index=N with 0 ≤ N < " + digits.count());
    }
    int i = Integer.parseInt(query.substring(6));
    if (i >= digits.count()) {
      throw BadRequest.of(
          "index " + i + " is past the last test digit (" + (digits.count() - 1) + ")");
    }
    return i;
  }

  private static JsonObject explained(LiveModel.Snapshot snap, float[] x) {
    JsonObject o = Prediction.of(snap.net(), x).explain(snap.net(), x, TOP_UNITS);
    o.addProperty("step", snap.step());
    return o;
  }

  private void info(HttpExchange ex) throws IOException, BadRequest {
    requireMethod(ex, "GET");
    LiveModel.Snapshot snap = model.get();
    JsonObject o = new JsonObject();
    o.addProperty("inputs", snap.net().inputs);
    o.addProperty("hidden", snap.net().hidden);
    o.addProperty("classes", snap.net().classes);
    o.addProperty("step", snap.step());
    o.addProperty("test_digits", digits.available());
    o.addProperty("test_digits_note", digits.note());
    o.addProperty("training", events != null);
    sendJson(ex, 200, o);
  }

  private static void requireMethod(HttpExchange ex, String... allowed) throws BadRequest {
    for (String m : allowed) {
      if (m.equals(ex.getRequestMethod())) {
        return;
      }
    }
    ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
    throw new BadRequest(
        405, ex.getRequestMethod() + " is not allowed here; use " + String.join(" or ", allowed));
  }

  private static void sendJson(HttpExchange ex, int status, JsonObject body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, status, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
