package org.mnistnn.data;

import java.util.Locale;
import java.util.Objects;

/**
 * One expected data file: its raw name, number of IDX dimensions, and the size and SHA-256 of its
 * raw (decompressed) content. The fetcher accepts a copy only when both match.
 *
 * @param fileName raw file name, e.g. {@code train-images-idx3-ubyte} (a gzip copy adds {@code
 *     .gz})
 * @param dims IDX dimensions: 3 for images (count × rows × cols), 1 for labels
 * @param rawBytes size of the decompressed file in bytes
 * @param sha256 lower-case hex SHA-256 of the decompressed file
 */
public record FileSpec(String fileName, int dims, long rawBytes, String sha256) {
  public FileSpec {
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
      throw new IllegalArgumentException("bad file name: " + fileName);
    }
    if (dims < 1 || rawBytes < 0) {
      throw new IllegalArgumentException("bad spec for " + fileName);
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(fileName + ": not a SHA-256 hex digest: " + sha256);
    }
  }

  @Override
  public String toString() {
    return fileName;
  }
}
