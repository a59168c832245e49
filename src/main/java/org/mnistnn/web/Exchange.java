package org.mnistnn.web;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its answer: what the routes see of HTTP, over Jetty's core API. The body, when
 * the route takes one, has arrived in full before the route runs ({@link BodyReader}).
 */
final class Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private byte[] body = new byte[0];

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  Request request() {
    return request;
  }

  String method() {
    return request.getMethod();
  }

  /**
   * The path exactly as the client sent it, like {@code /api/predict}: not decoded and not
   * normalised, so {@code /./index.html} or {@code /%61pp.js} match no route or file.
   */
  String path() {
    String p = request.getHttpURI().getPath();
    return p == null ? "" : p;
  }

  /** The raw query string without {@code ?}, or null. */
  String query() {
    return request.getHttpURI().getQuery();
  }

  /** The request header {@code name}, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** The whole request body (empty for routes that take none). */
  byte[] body() {
    return body;
  }

  void setBody(byte[] body) {
    this.body = body;
  }

  /** Answers {@code bytes} with {@code status}, ending the exchange. */
  void send(int status, byte[] bytes) {
    send(status, bytes, callback);
  }

  /** Answers the JSON object {@code body}, never cached. */
  void sendJson(int status, JsonObject body) {
    send(status, json(body), callback);
  }

  /**
   * Answers a refusal, then reads and discards what is left of the request body, up to {@link
   * #DISCARD_LIMIT} bytes, before the exchange ends. A request may be refused before its body is
   * read (a wrong method or type, a Content-Length over the limit, a body that grew past it); had
   * the connection then closed with the rest unread, the kernel would answer the client's next
   * bytes with a reset, and a client still sending can lose the refusal with it ("header parser
   * received no bytes"). The discarding holds no worker and no memory, and ends as any body does:
   * at its end, at the connection's idle or rate limits, or past the limit, where the connection is
   * closed as before.
   */
  void refuse(int status, JsonObject body) {
    send(
        status, json(body), Callback.from(() -> Discard.rest(request, callback), callback::failed));
  }

  /** The most of a refused request's body that is read and thrown away before closing. */
  static final int DISCARD_LIMIT = 8 * 1024 * 1024;

  private void send(int status, byte[] bytes, Callback then) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), then);
  }

  private byte[] json(JsonObject body) {
    setHeader("Content-Type", "application/json; charset=utf-8");
    setHeader("Cache-Control", "no-store");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a request's remaining body without holding a thread, keeping none of it. */
  private static final class Discard implements Runnable {
    private final Request request;
    private final Callback done;
    private long read;

    private Discard(Request request, Callback done) {
      this.request = request;
      this.done = done;
    }

    static void rest(Request request, Callback done) {
      new Discard(request, done).run();
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        read += chunk.remaining();
        boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
        chunk.release();
        if (end || read > DISCARD_LIMIT) {
          // the answer has gone out; Jetty closes the connection if any body is left unread
          done.succeeded();
          return;
        }
      }
    }
  }

  /**
   * Starts an answer of unknown length and returns where to write it (blocking writes, each flushed
   * by the caller); {@link #finish} or {@link #fail} ends it.
   *
   * @param idleMillis how long the connection may stay silent from now on
   */
  OutputStream stream(int status, long idleMillis) {
    request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(idleMillis);
    response.setStatus(status);
    return Content.Sink.asOutputStream(response);
  }

  /** Ends an exchange whose answer was streamed and closed. */
  void finish() {
    callback.succeeded();
  }

  /** Ends an exchange that cannot be answered (the client went away, say). */
  void fail(Throwable why) {
    callback.failed(why);
  }
}
