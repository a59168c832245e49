package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.mnistnn.image.GrayImage;
import org.mnistnn.image.ImageException;
import org.mnistnn.image.ImageFiles;
import org.mnistnn.image.MnistPreprocessor;

/**
 * Pictures from outside, through the same path as {@code predict} and {@code POST
 * /api/predict-image}: ImageIO decoding with the size check, then MNIST-style preprocessing. Random
 * and mutated PNG, JPEG, GIF and BMP files give 784 pixels in [0, 1] or an {@link ImageException}
 * (a UserException, shown as one line / a 422), never another exception.
 */
class ImageFuzzTest {
  static final long MAX_PIXELS = 4096L * 4096;
  static final java.util.Map<String, byte[]> VALID = new java.util.HashMap<>();

  static byte[] encoded(String format) {
    return VALID.computeIfAbsent(
        format,
        f -> {
          BufferedImage img = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
          Graphics2D g = img.createGraphics();
          g.setColor(Color.WHITE);
          g.fillRect(0, 0, 40, 32);
          g.setColor(Color.BLACK);
          g.fillOval(12, 6, 14, 20);
          g.dispose();
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try {
            assertThat(ImageIO.write(img, f, out)).as(f).isTrue();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
          return out.toByteArray();
        });
  }

  static void decodesOrRefuses(byte[] bytes) {
    try {
      BufferedImage img = ImageFiles.decode(bytes, "picture", MAX_PIXELS);
      MnistPreprocessor.Result r = MnistPreprocessor.process(GrayImage.of(img));
      assertThat(r.pixels()).hasSize(784);
      for (float v : r.pixels()) {
        assertThat(v).isBetween(0f, 1f);
      }
    } catch (ImageException e) {
      Outcomes.isOneClearLine(e, "picture");
    }
  }

  @Example
  void theUnmutatedPicturesAreDigits() {
    for (String f : new String[] {"png", "jpeg", "gif", "bmp"}) {
      decodesOrRefuses(encoded(f));
    }
  }

  @Property(tries = 200)
  void randomBytes(@ForAll @Size(max = 1000) byte[] bytes) {
    decodesOrRefuses(bytes);
  }

  @Property(tries = 400)
  void mutatedPictures(
      @ForAll @From("formats") String format,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int edits) {
    decodesOrRefuses(Outcomes.mutate(encoded(format), seed, edits));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> formats() {
    return net.jqwik.api.Arbitraries.of("png", "jpeg", "gif", "bmp");
  }

  /** A PNG with only a header claiming {@code w × h} pixels (and a fitting CRC). */
  static byte[] pngHeader(int w, int h) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 17 + 4 + 64);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    b.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return b.array();
  }

  @Property(tries = 50)
  void picturesClaimingHugeCanvasesCostOnlyTheirHeader(
      @ForAll @IntRange(min = 1) int w, @ForAll @IntRange(min = 1) int h) {
    long before = Outcomes.allocatedBytes();
    decodesOrRefuses(pngHeader(w, h));
    assertThat(Outcomes.allocatedBytes() - before).isLessThan(16L << 20);
  }

  @Example
  void aHeaderClaimingTenToTheTwelvePixelsIsRefusedBeforeDecoding() {
    long before = Outcomes.allocatedBytes();
    String message = null;
    try {
      ImageFiles.decode(pngHeader(1_000_000, 1_000_000), "picture", MAX_PIXELS);
    } catch (ImageException e) {
      message = e.getMessage();
    }
    assertThat(Outcomes.allocatedBytes() - before).isLessThan(16L << 20);
    assertThat(message).contains("1000000×1000000").contains("limit");
  }

  @Property(tries = 50)
  void textIsNotAPicture(@ForAll @StringLength(max = 200) String s) {
    decodesOrRefuses(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
