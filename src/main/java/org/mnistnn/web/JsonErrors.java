package org.mnistnn.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to what it refuses before any route runs (a request line or header that is not
 * HTTP, headers over the size limit, a body that breaks off) in the API's own shape, {@code
 * {"error": "..."}}, instead of Jetty's HTML pages.
 */
final class JsonErrors extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String message = (String) request.getAttribute(ERROR_MESSAGE);
    Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
    if (cause != null && !(cause instanceof org.eclipse.jetty.http.HttpException)) {
      System.err.println("error: unexpected " + cause + " serving " + request.getHttpURI());
    }
    byte[] body = body(status, message);
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put("X-Content-Type-Options", "nosniff");
    h.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The JSON for {@code status}; Jetty's own {@code reason}, when it has one, in brackets. */
  static byte[] body(int status, String reason) {
    String what =
        switch (status) {
          case 400 -> "the request is not valid HTTP/1.1";
          case 408 -> "the request did not arrive in time; send it whole and at once";
          case 413 -> "the request is too large";
          case 414 -> "the address is too long";
          case 431 -> "the request's headers are over " + WebServer.HEADER_LIMIT + " bytes";
          case 500 -> "internal error";
          default -> HttpStatus.getMessage(status);
        };
    if (reason != null && !reason.isBlank() && !reason.equals(HttpStatus.getMessage(status))) {
      what += " (" + reason + ")";
    }
    if (reason != null && reason.contains("CNTL=0x16")) {
      // 0x16 opens every TLS record: a browser or client was pointed at https://
      what += "; this server speaks plain http://, not https://";
    }
    return Json.error(what).toString().getBytes(StandardCharsets.UTF_8);
  }
}
