package org.mnistnn.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.UserException;

/**
 * One trainer per run folder: an exclusive lock ({@link FileChannel#tryLock()}) on the file {@value
 * #FILE} in the folder, held until the run ends. The operating system drops the lock when the
 * process dies, even by {@code kill -9}, so a lock file left behind never blocks a later run.
 */
final class RunLock implements AutoCloseable {
  /** The lock file's name in the run folder; it holds the owner's process id, for messages. */
  static final String FILE = ".lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir} for this process.
   *
   * @throws UserException when another process (or another run in this one) holds it
   */
  static RunLock acquire(Path dir) {
    Path file = dir.resolve(FILE);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String owner = owner(channel);
        channel.close();
        throw new UserException(
            dir
                + ": another `train` is writing this run folder"
                + (owner.isEmpty() ? "" : " (process " + owner + ")")
                + "; wait for it to finish or choose another --out");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      return new RunLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UserException(
          file + ": cannot lock the run folder (" + IoErrors.reason(e) + "); choose another --out",
          e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this JVM already holds it
    }
  }

  /** The process id the lock's holder wrote, or "" when unknown. */
  private static String owner(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    return s.matches("[0-9]{1,19}") ? s : "";
  }

  /**
   * Deletes the temporaries ({@code .NAME.*.part}, and {@code .write-test*.tmp} probes) that a run
   * killed in the middle of a write left in {@code dir}. Only the lock's holder may call this: no
   * other writer of this folder can be running.
   *
   * @throws UserException when the folder cannot be listed or a temporary cannot be deleted
   */
  void removeStaleTemporaries(Path dir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*")) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        boolean temporary =
            name.endsWith(".part") || (name.startsWith(".write-test") && name.endsWith(".tmp"));
        if (temporary && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UserException(
          dir + ": cannot remove an earlier run's temporary files (" + IoErrors.reason(e) + ")", e);
    }
  }

  /** Deletes the lock file and releases the lock (in that order: no one else sees it unlocked). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a lock file left behind is harmless: the next run takes the lock all the same
    }
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }
}
