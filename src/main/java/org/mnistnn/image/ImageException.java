package org.mnistnn.image;

import org.mnistnn.util.UserException;

/**
 * A picture that cannot be turned into a digit: not an image, too large, or without ink. The
 * message is one line fit to show a user.
 */
public class ImageException extends UserException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
