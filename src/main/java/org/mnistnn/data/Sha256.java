package org.mnistnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: every Java runtime ships the algorithm, so its absence is a bug. */
final class Sha256 {
  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
  }

  /** Lower-case hex of a finished digest. */
  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** SHA-256 of a file's raw content (gzip files are inflated first, as {@link IdxReader} does). */
  static String ofContent(Path file) throws IOException {
    MessageDigest d = newDigest();
    try (InputStream in = IdxReader.open(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; ) {
        d.update(buf, 0, n);
      }
    }
    return hex(d);
  }

  /** The first 12 hex digits, enough to tell two digests apart in a message. */
  static String shortHex(String hex) {
    return hex.substring(0, Math.min(12, hex.length())) + "…";
  }
}
