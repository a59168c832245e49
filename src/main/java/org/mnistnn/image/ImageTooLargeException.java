package org.mnistnn.image;

/**
 * A picture whose header claims more pixels than the caller allows; thrown before any pixel is
 * decoded, so a server can answer "too large" (413) rather than "damaged" (422).
 */
public final class ImageTooLargeException extends ImageException {
  private static final long serialVersionUID = 1L;

  public ImageTooLargeException(String message) {
    super(message);
  }
}
