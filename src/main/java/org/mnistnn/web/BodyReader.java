package org.mnistnn.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Collects a request body without holding a thread while it arrives: it takes what has come, asks
 * Jetty to call back when there is more ({@link Request#demand}), and returns. A client that sends
 * half a body and stops costs a connection, not a worker; the connector's idle time-out ends it.
 */
final class BodyReader implements Runnable {
  /** A client that went away mid-body: there is no one to answer. */
  static final class Gone extends Exception {
    private static final long serialVersionUID = 1L;

    Gone(Throwable cause) {
      super(cause);
    }
  }

  private final Request request;
  private final int limit;
  private final ByteArrayOutputStream got = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();

  private BodyReader(Request request, int limit) {
    this.request = request;
    this.limit = limit;
  }

  /**
   * The body of {@code request}, or a {@link BadRequest} (413 past {@code limit} bytes, by its
   * Content-Length or while reading a chunked one; 400 for broken framing such as a bad chunk-size
   * line; 408 when it stops arriving), or {@link Gone}.
   */
  static CompletableFuture<byte[]> read(Request request, int limit) {
    BodyReader r = new BodyReader(request, limit);
    long length = request.getLength();
    if (length > limit) {
      r.result.completeExceptionally(tooLarge(length, limit));
    } else {
      r.run();
    }
    return r.result;
  }

  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        result.completeExceptionally(refusal(chunk.getFailure()));
        return;
      }
      boolean last = chunk.isLast();
      ByteBuffer b = chunk.getByteBuffer();
      int n = b.remaining();
      if ((long) got.size() + n > limit) {
        chunk.release();
        result.completeExceptionally(tooLarge((long) got.size() + n, limit));
        return;
      }
      byte[] bytes = new byte[n];
      b.get(bytes);
      got.write(bytes, 0, n);
      chunk.release();
      if (last) {
        result.complete(got.toByteArray());
        return;
      }
    }
  }

  private static Exception refusal(Throwable failure) {
    int code = failure instanceof HttpException h ? h.getCode() : 0;
    if (failure instanceof TimeoutException || code == 408) {
      return new BadRequest(
          408,
          "the request body came too slowly or stopped (under "
              + WebServer.MIN_BODY_RATE
              + " bytes/s, or silent for "
              + WebServer.IDLE.toSeconds()
              + " s); send it whole and at once");
    }
    if (code >= 400) {
      // Jetty's reason here is often just "Early EOF", whatever broke: say what can be wrong
      return new BadRequest(
          code,
          "the request body is broken: not valid chunked encoding, or shorter than its"
              + " Content-Length");
    }
    return new Gone(failure);
  }

  private static BadRequest tooLarge(long n, int limit) {
    return new BadRequest(413, "the body has " + n + "+ bytes; the limit is " + limit + " bytes");
  }
}
