package org.mnistnn.util;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writing {@link #file()} failed (a full disk, an immutable or unwritable file): the message names
 * the file and the reason, e.g. {@code runs/a/model.npz: cannot write (No space left on device)}.
 */
public final class FileWriteException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String reason;

  /** The failure {@code cause} while writing {@code file}. */
  public FileWriteException(Path file, IOException cause) {
    super(file + ": cannot write (" + IoErrors.reason(cause) + ")", cause);
    this.file = file;
    this.reason = IoErrors.reason(cause);
  }

  /** The file that could not be written. */
  public Path file() {
    return file;
  }

  /** Why, in words: "No space left on device", "Operation not permitted", … */
  public String reason() {
    return reason;
  }
}
