package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mnistnn.image.MnistPreprocessor;

/**
 * At most {@link PictureDecoder#AT_ONCE} pictures are decoded at a time; the rest wait their turn.
 */
class PictureDecoderTest {
  static final MnistPreprocessor.Result BLANK = new MnistPreprocessor.Result(new float[784], false);

  @Test
  void eightUploadsAtOnceAreDecodedTwoAtATime() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch allStarted = new CountDownLatch(8);
    PictureDecoder decoder =
        new PictureDecoder(
            PictureDecoder.AT_ONCE,
            Duration.ofSeconds(30),
            bytes -> {
              most.accumulateAndGet(now.incrementAndGet(), Math::max);
              try {
                Thread.sleep(50); // long enough for the others to pile up
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              now.decrementAndGet();
              return BLANK;
            });
    ExecutorService uploads = Executors.newFixedThreadPool(8);
    try {
      List<Future<MnistPreprocessor.Result>> done = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        done.add(
            uploads.submit(
                () -> {
                  allStarted.countDown();
                  allStarted.await();
                  return decoder.prepare(new byte[0]);
                }));
      }
      for (Future<MnistPreprocessor.Result> f : done) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isSameAs(BLANK);
      }
    } finally {
      uploads.shutdownNow();
    }
    assertThat(most.get()).isEqualTo(PictureDecoder.AT_ONCE);
  }

  @Test
  void aPictureThatWaitsTooLongIs503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    PictureDecoder decoder =
        new PictureDecoder(
            1,
            Duration.ofMillis(100),
            bytes -> {
              busy.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return BLANK;
            });
    Thread first = new Thread(() -> prepareQuietly(decoder));
    first.start();
    try {
      assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> decoder.prepare(new byte[0]))
          .isInstanceOf(BadRequest.class)
          .hasMessageContaining("busy with other pictures")
          .satisfies(e -> assertThat(((BadRequest) e).status).isEqualTo(503));
    } finally {
      release.countDown();
      first.join(30_000);
    }
    // the turn is given back: the next one goes through
    assertThat(decoder.prepare(new byte[0])).isSameAs(BLANK);
  }

  private static void prepareQuietly(PictureDecoder decoder) {
    try {
      decoder.prepare(new byte[0]);
    } catch (BadRequest e) {
      throw new AssertionError(e);
    }
  }
}
