package org.mnistnn.web;

import java.util.List;
import java.util.Locale;

/**
 * One entry of the server's route table: the methods it answers, the body it takes, and what it
 * does. Method and content type are checked before the body is read, so a wrong request's body is
 * never parsed; it is read and thrown away after the refusal is sent ({@code Exchange.refuse}).
 *
 * @param methods the accepted methods, like {@code POST}
 * @param bodyLimit the largest body in bytes, or 0 for routes that take none
 * @param types the accepted media types of the body (a trailing {@code /*} matches any subtype)
 * @param action what answers the request
 */
record Route(List<String> methods, int bodyLimit, List<String> types, Action action) {
  /** What a route does with a request whose body, if any, has arrived. */
  @FunctionalInterface
  interface Action {
    void handle(Exchange ex) throws BadRequest;
  }

  /** A {@code GET} route without a body. */
  static Route get(Action action) {
    return new Route(List.of("GET"), 0, List.of(), action);
  }

  /** A {@code POST} route taking up to {@code limit} bytes of one of {@code types}. */
  static Route post(int limit, Action action, String... types) {
    return new Route(List.of("POST"), limit, List.of(types), action);
  }

  /** Refuses a request this route does not take: 405 for its method, 415 for its body's type. */
  void check(Exchange ex) throws BadRequest {
    if (!methods.contains(ex.method())) {
      ex.setHeader("Allow", String.join(", ", methods));
      throw new BadRequest(
          405, ex.method() + " is not allowed here; use " + String.join(" or ", methods));
    }
    if (!types.isEmpty()) {
      requireType(ex.header("Content-Type"));
    }
  }

  private void requireType(String header) throws BadRequest {
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (String a : types) {
      if (type.equals(a) || (a.endsWith("/*") && type.startsWith(a.substring(0, a.length() - 1)))) {
        return;
      }
    }
    throw new BadRequest(
        415,
        "Content-Type "
            + (header == null ? "is missing" : "'" + header + "' is not accepted")
            + "; send "
            + String.join(" or ", types));
  }
}
