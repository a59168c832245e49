package org.mnistnn.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes reads through, telling a listener how many bytes went by and keeping a running total. */
final class CountingInputStream extends FilterInputStream {
  private final FetchListener listener;
  private final long[] total;

  /**
   * @param total a one-element array whose element grows by every byte read
   */
  CountingInputStream(InputStream in, FetchListener listener, long[] total) {
    super(in);
    this.listener = listener;
    this.total = total;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long k = super.skip(n);
    if (k > 0) {
      count(k);
    }
    return k;
  }

  private void count(long n) {
    total[0] += n;
    listener.advanced(n);
  }
}
