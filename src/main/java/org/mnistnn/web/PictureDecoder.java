package org.mnistnn.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mnistnn.image.GrayImage;
import org.mnistnn.image.ImageException;
import org.mnistnn.image.ImageFiles;
import org.mnistnn.image.ImageTooLargeException;
import org.mnistnn.image.MnistPreprocessor;

/**
 * Turns uploaded pictures into network inputs with bounded memory: each picture may claim at most
 * {@link WebServer#IMAGE_MAX_PIXELS} in its header (checked before any pixel is decoded), and only
 * {@link #AT_ONCE} are decoded at a time, on this class's own threads, since a few kilobytes of PNG
 * can unpack to hundreds of megabytes of rows. Up to {@link #QUEUE} more wait their turn without
 * holding a server thread; past that a picture gets 503 at once.
 */
final class PictureDecoder implements AutoCloseable {
  /** Pictures decoded at the same time. */
  static final int AT_ONCE = 2;

  /** Pictures that may wait for a turn. */
  static final int QUEUE = 8;

  /** What to do with a decoded picture; it may still refuse the request. */
  @FunctionalInterface
  interface Then {
    void accept(MnistPreprocessor.Result picture) throws BadRequest;
  }

  private final ThreadPoolExecutor workers;
  private final Function<byte[], MnistPreprocessor.Result> decode;

  PictureDecoder() {
    this(AT_ONCE, QUEUE, PictureDecoder::decode);
  }

  /**
   * {@code atOnce} threads, {@code queue} places, and the step {@code decode} (tests use theirs).
   */
  PictureDecoder(int atOnce, int queue, Function<byte[], MnistPreprocessor.Result> decode) {
    this.workers =
        new ThreadPoolExecutor(
            atOnce,
            atOnce,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "mnist-nn-pictures");
              t.setDaemon(true);
              return t;
            });
    this.workers.allowCoreThreadTimeOut(true);
    this.decode = decode;
  }

  /**
   * Decodes and preprocesses {@code bytes} on a decoder thread, then passes the 28×28 input to
   * {@code then}; a refusal goes to {@code refuse}: 413 when the picture claims too many pixels,
   * 422 when it is not a picture or has no ink, 500 for a fault of ours.
   *
   * @throws BadRequest 503 at once when {@link #QUEUE} pictures already wait
   */
  void submit(byte[] bytes, Then then, Consumer<BadRequest> refuse) throws BadRequest {
    try {
      workers.execute(() -> run(bytes, then, refuse));
    } catch (RejectedExecutionException e) {
      throw new BadRequest(503, "the server is busy with other pictures; try again in a moment");
    }
  }

  private void run(byte[] bytes, Then then, Consumer<BadRequest> refuse) {
    try {
      MnistPreprocessor.Result picture;
      try {
        picture = decode.apply(bytes);
      } catch (ImageTooLargeException e) {
        throw new BadRequest(413, e.getMessage());
      } catch (ImageException e) {
        throw new BadRequest(422, e.getMessage());
      }
      then.accept(picture);
    } catch (BadRequest e) {
      refuse.accept(e);
    } catch (RuntimeException e) {
      System.err.println("error: unexpected " + e + " decoding an uploaded picture");
      refuse.accept(new BadRequest(500, "internal error: " + e.getClass().getSimpleName()));
    }
  }

  /** Stops the decoder threads; pictures still waiting are dropped. */
  @Override
  public void close() {
    workers.shutdownNow();
  }

  private static MnistPreprocessor.Result decode(byte[] bytes) {
    return MnistPreprocessor.process(
        GrayImage.of(ImageFiles.decode(bytes, "the upload", WebServer.IMAGE_MAX_PIXELS)));
  }
}
