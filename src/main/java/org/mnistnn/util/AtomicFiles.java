package org.mnistnn.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: the bytes go to a temporary file in the same folder, which is then moved over
 * the target in one step. A failure names the target ({@link FileWriteException}).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code target} atomically with {@code writer}.
   *
   * @throws FileWriteException naming {@code target} when the folder, the disk or the file refuses
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
    } catch (IOException e) {
      throw new FileWriteException(target, e);
    }
    try {
      makeReadable(tmp);
      // buffered: the writers' small writes (a zip's headers go out a byte or two at a time)
      // would otherwise each be a system call
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        writer.write(out);
      }
      moveIntoPlace(tmp, abs);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new FileWriteException(target, e);
    } catch (RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** Temporary files start as owner-only; a finished output should be readable like any other. */
  private static void makeReadable(Path tmp) throws IOException {
    try {
      Files.setPosixFilePermissions(
          tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  /** Moves a finished temporary file over {@code target}, atomically where the file system can. */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
