package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mnistnn.image.ImageTooLargeException;
import org.mnistnn.image.MnistPreprocessor;

/**
 * At most {@link PictureDecoder#AT_ONCE} pictures are decoded at a time, a few more wait without
 * holding the caller, and past that a picture is refused at once.
 */
class PictureDecoderTest {
  static final MnistPreprocessor.Result BLANK = new MnistPreprocessor.Result(new float[784], false);

  @Test
  void eightUploadsAtOnceAreDecodedTwoAtATime() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(8);
    List<BadRequest> refused = new CopyOnWriteArrayList<>();
    try (PictureDecoder decoder =
        new PictureDecoder(
            PictureDecoder.AT_ONCE,
            PictureDecoder.QUEUE,
            bytes -> {
              most.accumulateAndGet(now.incrementAndGet(), Math::max);
              sleep(50); // long enough for the others to pile up
              now.decrementAndGet();
              return BLANK;
            })) {
      for (int i = 0; i < 8; i++) {
        decoder.submit(new byte[0], pre -> answered.countDown(), refused::add);
      }
      assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(refused).isEmpty();
    assertThat(most.get()).isEqualTo(PictureDecoder.AT_ONCE);
  }

  @Test
  void pastTheQueueAPictureIs503AtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch answered = new CountDownLatch(2);
    try (PictureDecoder decoder =
        new PictureDecoder(
            1,
            1,
            bytes -> {
              await(release);
              return BLANK;
            })) {
      decoder.submit(new byte[0], pre -> answered.countDown(), e -> {}); // decoding
      decoder.submit(new byte[0], pre -> answered.countDown(), e -> {}); // waiting
      assertThatThrownBy(() -> decoder.submit(new byte[0], pre -> {}, e -> {}))
          .isInstanceOf(BadRequest.class)
          .hasMessageContaining("busy with other pictures")
          .satisfies(e -> assertThat(((BadRequest) e).status).isEqualTo(503));
      release.countDown();
      assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void refusalsCarryTheirStatus() throws Exception {
    List<BadRequest> refused = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    try (PictureDecoder decoder =
        new PictureDecoder(
            1,
            4,
            bytes -> {
              switch (bytes.length) {
                case 1 -> throw new ImageTooLargeException("the upload: too many pixels");
                case 2 -> throw new IllegalStateException("a bug");
                default -> {
                  return BLANK;
                }
              }
            })) {
      Sink refuse =
          e -> {
            refused.add(e);
            done.countDown();
          };
      decoder.submit(new byte[1], pre -> {}, refuse::accept);
      decoder.submit(new byte[2], pre -> {}, refuse::accept);
      decoder.submit(
          new byte[3],
          pre -> {
            throw new BadRequest(422, "the network takes 100 inputs");
          },
          refuse::accept);
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(refused).extracting(e -> e.status).containsExactlyInAnyOrder(413, 500, 422);
  }

  /** A refusal sink. */
  private interface Sink {
    void accept(BadRequest e);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
