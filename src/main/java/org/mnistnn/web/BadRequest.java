package org.mnistnn.web;

/**
 * A request the server refuses: an HTTP status (4xx, or 503 when it is too busy to take it now) and
 * a one-line reason for the client.
 */
public final class BadRequest extends Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status to answer with. */
  public final int status;

  public BadRequest(int status, String message) {
    super(message);
    assert status >= 400 && status < 600 : status;
    this.status = status;
  }

  /** 400 Bad Request. */
  public static BadRequest of(String message) {
    return new BadRequest(400, message);
  }
}
