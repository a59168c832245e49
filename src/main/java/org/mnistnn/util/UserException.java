package org.mnistnn.util;

/**
 * An expected failure caused by the user's input or environment (a missing file, a bad value, an
 * unwritable folder). The command line prints its message as one line on stderr, without a stack
 * trace, and exits with status 1.
 *
 * <p>Messages say what was expected, what was found, where, and what to do.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
