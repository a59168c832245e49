package org.mnistnn.web;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mnistnn.image.MnistPreprocessor;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The draw-a-digit server, on Jetty's core API. Jetty reads requests without blocking: a thread
 * runs a route only once the request's headers and body have arrived in full, so clients that send
 * slowly or stop halfway cost a connection each, not a worker, and are cut off after {@link #IDLE}
 * of silence or below {@link #MIN_BODY_RATE}.
 *
 * <pre>
 * GET  /                     the page (index.html, app.js, style.css from /web/ on the class path)
 * POST /api/predict          {"pixels": [784 in 0..1]} → {"digit", "probabilities", "hidden",
 *                            "class_names"}
 * POST /api/predict-image    a PNG/JPEG picture → the same, plus the preprocessed "image" and
 *                            "top_units" (the hidden units that pushed the answer most)
 * GET  /api/test-digit[?index=i]  a random (or the i-th) MNIST test digit, its "label" and the
 *                            network's explained answer
 * GET  /api/info             sizes, "class_names", whether test digits and training events are
 *                            available
 *
 * "class_names" is the name of each class, index = the digit answered: "0" … "9" for MNIST,
 * "T-shirt/top" … "Ankle boot" for a model trained on Fashion-MNIST.
 * POST /api/step             one SGD step on one digit, every matrix of it ({@link StepApi})
 * GET  /step                 the backprop explorer page (step.html, step.js)
 * GET  /api/events           the training run as server-sent events (train --serve only)
 * </pre>
 *
 * Refused requests, including those Jetty itself refuses ({@link JsonErrors}), get a 4xx or 5xx
 * status and {@code {"error": "..."}}.
 */
public final class WebServer implements AutoCloseable {
  /** Largest body of {@code /api/predict}: 784 numbers need at most ~20 KiB. */
  public static final int JSON_LIMIT = 64 * 1024;

  /** Largest picture upload. */
  public static final int IMAGE_LIMIT = 4 * 1024 * 1024;

  /**
   * Largest picture, in pixels, an upload may claim (2048×2048; the page's pad is at most about
   * 1000×1000 device pixels). Decoding needs a few bytes per pixel of the widest row and the image.
   */
  public static final long IMAGE_MAX_PIXELS = 2048L * 2048;

  /** Largest request line plus headers. */
  public static final int HEADER_LIMIT = 8 * 1024;

  /** A connection silent this long, mid-request or between requests, is closed. */
  public static final Duration IDLE = Duration.ofSeconds(10);

  /** A body arriving slower than this (bytes per second, on average) is refused with 408. */
  public static final long MIN_BODY_RATE = 1024;

  /** Hidden units listed as the answer's main supporters. */
  static final int TOP_UNITS = 6;

  /** Jetty's worker threads: routes are short, except the few event streams (one each). */
  static final int THREADS = 32;

  /** How long an event stream may stay silent: longer than its pings. */
  private static final Duration STREAM_IDLE = Duration.ofSeconds(60);

  private final LiveModel model;
  private final TestDigits digits;
  private final EventHub events;
  private final StaticFiles files = new StaticFiles("/web/");
  private final PictureDecoder pictures = new PictureDecoder();
  private final Map<String, Route> routes = routes();
  private final Route pageRoute = new Route(List.of("GET", "HEAD"), 0, List.of(), this::page);
  private Server server;
  private ServerConnector connector;
  private boolean loopback;

  /**
   * @param events the training stream, or null when serving a fixed model
   */
  public WebServer(LiveModel model, TestDigits digits, EventHub events) {
    this.model = model;
    this.digits = digits;
    this.events = events;
  }

  /** Every route of the API, by its exact path; anything else under /api/ is a 404. */
  private Map<String, Route> routes() {
    return Map.of(
        "/api/predict", Route.post(JSON_LIMIT, this::predict, "application/json"),
        "/api/predict-image",
            Route.post(IMAGE_LIMIT, this::predictImage, "image/*", "application/octet-stream"),
        "/api/test-digit", Route.get(this::testDigit),
        "/api/info", Route.get(this::info),
        "/api/events", Route.get(this::events),
        "/api/step", Route.post(JSON_LIMIT, this::step, "application/json"));
  }

  /** One SGD step on one digit, every matrix of it ({@link StepApi}), on a copy of the model. */
  private void step(Exchange ex) throws BadRequest {
    ex.sendJson(200, new StepApi(model, digits).answer(ex.body()));
  }

  /** Starts listening on {@code host:port} (port 0 picks a free one). */
  public WebServer start(String host, int port) throws IOException {
    InetAddress addr = InetAddress.getByName(host);
    loopback = addr.isLoopbackAddress();
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setName("mnist-nn-http");
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(HEADER_LIMIT);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(addr.getHostAddress());
    connector.setPort(port);
    connector.setIdleTimeout(IDLE.toMillis());
    connector.setAcceptQueueSize(64);
    server.addConnector(connector);
    server.setHandler(new MinimumDataRateHandler(new Dispatch(), MIN_BODY_RATE, 0));
    server.setErrorHandler(new JsonErrors());
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw asIoException(e);
    }
    return this;
  }

  /**
   * Jetty reports a busy port as an IOException around the BindException; callers want the latter.
   */
  private static IOException asIoException(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException b) {
        return b;
      }
    }
    return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  /** The port listened on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The page's address. */
  public String url() {
    String host = connector.getHost();
    try {
      if (InetAddress.getByName(host).isAnyLocalAddress()) {
        host = "127.0.0.1";
      }
    } catch (IOException e) {
      // a literal address always resolves
    }
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
    pictures.close();
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        System.err.println("warning: the web server did not stop cleanly: " + e);
      }
    }
  }

  /** Jetty's entry point: checks the request, reads its body without blocking, runs its route. */
  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Exchange ex = new Exchange(request, response, callback);
      ex.setHeader("X-Content-Type-Options", "nosniff");
      try {
        checkHost(ex);
        Route route = route(ex.path());
        route.check(ex);
        if (route.bodyLimit() == 0) {
          run(route, ex);
        } else {
          BodyReader.read(request, route.bodyLimit())
              .whenComplete((body, failure) -> arrived(route, ex, body, failure));
        }
      } catch (BadRequest e) {
        refuse(ex, e);
      }
      return true;
    }
  }

  private void arrived(Route route, Exchange ex, byte[] body, Throwable failure) {
    if (failure instanceof BadRequest e) {
      refuse(ex, e);
    } else if (failure != null) {
      ex.fail(failure); // the client went away: nothing to answer
    } else {
      ex.setBody(body);
      run(route, ex);
    }
  }

  private Route route(String path) throws BadRequest {
    if (!path.startsWith("/api/")) {
      return pageRoute;
    }
    Route r = routes.get(path);
    if (r == null) {
      throw new BadRequest(404, "no such API: " + path);
    }
    return r;
  }

  private static void run(Route route, Exchange ex) {
    try {
      route.action().handle(ex);
    } catch (BadRequest e) {
      refuse(ex, e);
    } catch (RuntimeException e) {
      System.err.println("error: unexpected " + e + " serving " + ex.path());
      ex.sendJson(500, Json.error("internal error: " + e.getClass().getSimpleName()));
    }
  }

  private static void refuse(Exchange ex, BadRequest e) {
    if (e.status == 503) {
      ex.setHeader("Retry-After", "1");
    }
    ex.refuse(e.status, Json.error(e.getMessage()));
  }

  /**
   * On a loopback address only local names are accepted as Host, so a web page elsewhere cannot
   * reach this server by pointing its own domain name at 127.0.0.1 (DNS rebinding).
   */
  private void checkHost(Exchange ex) throws BadRequest {
    if (!loopback) {
      return;
    }
    String host = ex.header("Host");
    String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
    if (!name.equals("127.0.0.1") && !name.equals("localhost") && !name.equals("[::1]")) {
      throw new BadRequest(403, "Host '" + host + "' is not this machine; use " + url());
    }
  }

  private void page(Exchange ex) throws BadRequest {
    StaticFiles.File f = files.find(ex.path());
    if (f == null) {
      throw new BadRequest(404, "no such page: " + ex.path());
    }
    ex.setHeader("Content-Type", f.contentType());
    ex.setHeader("Cache-Control", "no-cache");
    ex.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'");
    ex.send(200, f.bytes());
  }

  private void events(Exchange ex) throws BadRequest {
    if (events == null) {
      throw new BadRequest(404, "no training run here; start one with `train --serve`");
    }
    events.serve(ex, STREAM_IDLE.toMillis());
  }

  private void predict(Exchange ex) throws BadRequest {
    TwoLayerNet net = model.get().net();
    float[] x = PredictRequest.parse(ex.body(), net.inputs);
    JsonObject o = Prediction.of(net, x).toJson();
    o.add("class_names", Json.strings(model.classNames()));
    ex.sendJson(200, o);
  }

  /** Decoding happens on the {@link PictureDecoder}'s threads; the answer is sent from there. */
  private void predictImage(Exchange ex) throws BadRequest {
    pictures.submit(ex.body(), pre -> answerPicture(ex, pre), e -> refuse(ex, e));
  }

  private void answerPicture(Exchange ex, MnistPreprocessor.Result pre) throws BadRequest {
    LiveModel.Snapshot snap = model.get();
    if (pre.pixels().length != snap.net().inputs) {
      throw new BadRequest(
          422, "the network takes " + snap.net().inputs + " inputs, not a 28×28 picture");
    }
    JsonObject o = explained(snap, pre.pixels());
    o.addProperty("inverted", pre.inverted());
    ex.sendJson(200, o);
  }

  private void testDigit(Exchange ex) throws BadRequest {
    if (!digits.available()) {
      throw new BadRequest(404, "no test digits: " + digits.note());
    }
    int i = indexParam(ex.query());
    LiveModel.Snapshot snap = model.get();
    float[] x = digits.pixels(i);
    if (x.length != snap.net().inputs) {
      throw new BadRequest(404, "the test images do not fit this network's inputs");
    }
    JsonObject o = explained(snap, x);
    o.addProperty("index", i);
    o.addProperty("label", digits.label(i));
    ex.sendJson(200, o);
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

  private JsonObject explained(LiveModel.Snapshot snap, float[] x) {
    JsonObject o = Prediction.of(snap.net(), x).explain(snap.net(), x, TOP_UNITS);
    o.add("class_names", Json.strings(model.classNames()));
    o.addProperty("step", snap.step());
    return o;
  }

  private void info(Exchange ex) {
    LiveModel.Snapshot snap = model.get();
    JsonObject o = new JsonObject();
    o.addProperty("inputs", snap.net().inputs);
    o.addProperty("hidden", snap.net().hidden);
    o.addProperty("classes", snap.net().classes);
    o.add("class_names", Json.strings(model.classNames()));
    o.addProperty("step", snap.step());
    o.addProperty("test_digits", digits.available());
    o.addProperty("test_digits_note", digits.note());
    o.addProperty("training", events != null);
    ex.sendJson(200, o);
  }
}
