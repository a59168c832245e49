package org.mnistnn.util;

import java.io.EOFException;
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
    if (e instanceof FileWriteException w) {
      return w.reason();
    }
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
    if (e instanceof EOFException) {
      return "the file ends too early (truncated)";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * One line for an I/O failure nobody caught on the way: the file it concerns, where known, and
   * the reason.
   */
  public static String describe(IOException e) {
    if (e instanceof FileWriteException) {
      return e.getMessage();
    }
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return fs.getFile() + ": " + reason(e);
    }
    return "input/output error: " + reason(e);
  }
}
