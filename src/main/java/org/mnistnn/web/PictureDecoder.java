package org.mnistnn.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.mnistnn.image.GrayImage;
import org.mnistnn.image.ImageException;
import org.mnistnn.image.ImageFiles;
import org.mnistnn.image.ImageTooLargeException;
import org.mnistnn.image.MnistPreprocessor;

/**
 * Turns uploaded pictures into network inputs with bounded memory: each picture may claim at most
 * {@link WebServer#IMAGE_MAX_PIXELS} in its header (checked before any pixel is decoded), and only
 * {@link #AT_ONCE} are decoded at a time, since a few kilobytes of PNG can unpack to hundreds of
 * megabytes of rows. A request that waits longer than {@link #WAIT} for its turn gets a 503.
 */
final class PictureDecoder {
  /** Pictures decoded at the same time. */
  static final int AT_ONCE = 2;

  /** How long a picture waits for its turn. */
  static final Duration WAIT = Duration.ofSeconds(2);

  private final Semaphore turns;
  private final Duration wait;
  private final Function<byte[], MnistPreprocessor.Result> decode;

  PictureDecoder() {
    this(AT_ONCE, WAIT, PictureDecoder::decode);
  }

  /** A decoder with {@code atOnce} turns and the step {@code decode} (tests use their own). */
  PictureDecoder(int atOnce, Duration wait, Function<byte[], MnistPreprocessor.Result> decode) {
    this.turns = new Semaphore(atOnce, true);
    this.wait = wait;
    this.decode = decode;
  }

  /**
   * The preprocessed 28×28 input of the picture {@code bytes}: 413 when it claims too many pixels,
   * 422 when it is not a picture or has no ink, 503 when others are decoded too long.
   */
  MnistPreprocessor.Result prepare(byte[] bytes) throws BadRequest {
    try {
      if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BadRequest(503, "the server is busy with other pictures; try again in a moment");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadRequest(503, "the server is stopping");
    }
    try {
      return decode.apply(bytes);
    } catch (ImageTooLargeException e) {
      throw new BadRequest(413, e.getMessage());
    } catch (ImageException e) {
      throw new BadRequest(422, e.getMessage());
    } finally {
      turns.release();
    }
  }

  private static MnistPreprocessor.Result decode(byte[] bytes) {
    return MnistPreprocessor.process(
        GrayImage.of(ImageFiles.decode(bytes, "the picture", WebServer.IMAGE_MAX_PIXELS)));
  }
}
