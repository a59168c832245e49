package org.mnistnn.web;

/** A request the server refuses: an HTTP status (4xx) and a one-line reason for the client. */
public final class BadRequest extends Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status to answer with. */
  public final int status;

  public BadRequest(int status, String message) {
    super(message);
    assert status >= 400 && status < 500 : status;
    this.status = status;
  }

  /** 400 Bad Request. */
  public static BadRequest of(String message) {
    return new BadRequest(400, message);
  }
}
