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
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Answers the JSON object {@code body}, never cached. */
  void sendJson(int status, JsonObject body) {
    setHeader("Content-Type", "application/json; charset=utf-8");
    setHeader("Cache-Control", "no-store");
    send(status, body.toString().getBytes(StandardCharsets.UTF_8));
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
