package org.mnistnn.data;

/** Hears what the fetcher is doing: notes for the user and the progress of each transfer. */
public interface FetchListener {
  /** A line for the user, e.g. which source is being tried. */
  void note(String line);

  /** A transfer begins; {@code totalBytes} is -1 when unknown. */
  void started(String task, long totalBytes);

  /** {@code bytes} more bytes of the current transfer have arrived. */
  void advanced(long bytes);

  /** The current transfer ended (successfully or not). */
  void finished();

  /** A listener that ignores everything. */
  static FetchListener silent() {
    return new FetchListener() {
      @Override
      public void note(String line) {}

      @Override
      public void started(String task, long totalBytes) {}

      @Override
      public void advanced(long bytes) {}

      @Override
      public void finished() {}
    };
  }
}
