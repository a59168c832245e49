package org.mnistnn.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads request bodies with a size limit and checks their content type. */
final class HttpBodies {
  private HttpBodies() {}

  /**
   * The body, refused with 413 as soon as it passes {@code limit} bytes (by its Content-Length or
   * while reading, for chunked bodies), so a client cannot make the server buffer without bound.
   */
  static byte[] read(HttpExchange ex, int limit) throws IOException, BadRequest {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw BadRequest.of("bad Content-Length: " + length);
      }
      if (n > limit) {
        throw tooLarge(n, limit);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = ex.getRequestBody()) {
      int r;
      while ((r = in.read(buf)) > 0) {
        if (out.size() + r > limit) {
          throw tooLarge(out.size() + (long) r, limit);
        }
        out.write(buf, 0, r);
      }
    }
    return out.toByteArray();
  }

  private static BadRequest tooLarge(long n, int limit) {
    return new BadRequest(413, "the body has " + n + "+ bytes; the limit is " + limit + " bytes");
  }

  /**
   * The request's media type (lower case, without parameters), required to be one of {@code
   * allowed} (a trailing {@code /*} matches any subtype); 415 otherwise.
   */
  static String requireType(HttpExchange ex, String... allowed) throws BadRequest {
    String header = ex.getRequestHeaders().getFirst("Content-Type");
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (type.equals(a) || (a.endsWith("/*") && type.startsWith(a.substring(0, a.length() - 1)))) {
        return type;
      }
    }
    throw new BadRequest(
        415,
        "Content-Type "
            + (header == null ? "is missing" : "'" + header + "' is not accepted")
            + "; send "
            + String.join(" or ", allowed));
  }
}
