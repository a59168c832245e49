package org.mnistnn.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns an {@link IOException} into the short reason a person needs ("Read-only file system", "No
 * space left on device", "permission denied"), without Java class names.
 */
public final class IoErrors {
  private IoErrors() {}

  /** The reason, e.g. {@code "No space left on device"}. */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file or folder " + n.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " is in the way";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
