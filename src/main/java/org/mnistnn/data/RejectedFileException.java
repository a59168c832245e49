package org.mnistnn.data;

import java.io.IOException;

/**
 * A source delivered a file, but not the expected one (wrong size or SHA-256, or too big). The
 * fetcher then tries the next source for that file.
 */
final class RejectedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  RejectedFileException(String message) {
    super(message);
  }
}
