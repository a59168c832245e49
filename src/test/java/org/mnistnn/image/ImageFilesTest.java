package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void readsPngJpegGifAndBmp() throws Exception {
    BufferedImage img = Pictures.dark(120, 90, new Line2D.Double(60, 10, 60, 80), 12);
    for (String format : new String[] {"png", "jpg", "gif", "bmp"}) {
      Path f = dir.resolve("digit." + format);
      Files.write(f, Pictures.encode(img, format));
      BufferedImage back = ImageFiles.read(f);
      assertThat(back.getWidth()).as(format).isEqualTo(120);
      assertThat(MnistPreprocessor.process(back).inverted()).as(format).isTrue();
    }
  }

  @Test
  void bigPhotosAreDecodedAtAReducedResolution() throws Exception {
    BufferedImage big = Pictures.dark(4000, 3000, new Line2D.Double(2000, 500, 2000, 2500), 150);
    BufferedImage back =
        ImageFiles.decode(Pictures.encode(big, "png"), "photo", ImageFiles.MAX_PIXELS);
    assertThat((long) back.getWidth() * back.getHeight())
        .isLessThanOrEqualTo(ImageFiles.DECODE_PIXELS);
    assertThat(back.getWidth()).isEqualTo(2000);
    float[] x = MnistPreprocessor.process(back).pixels();
    assertThat(MnistPreprocessor.inkBox(x, 28, 28)[3] - MnistPreprocessor.inkBox(x, 28, 28)[1])
        .isEqualTo(20);
  }

  @Test
  void textIsNotAPicture() throws Exception {
    Path f = dir.resolve("notes.png");
    Files.writeString(f, "this is not a picture");
    assertThatThrownBy(() -> ImageFiles.read(f))
        .isInstanceOf(ImageException.class)
        .hasMessage(f + ": not a picture ImageIO can read; use PNG, JPEG, GIF or BMP");
  }

  @Test
  void aMissingFileSaysSo() {
    Path f = dir.resolve("nope.png");
    assertThatThrownBy(() -> ImageFiles.read(f)).hasMessage(f + ": file not found");
  }

  @Test
  void aTruncatedPngIsDamaged() {
    byte[] png = Pictures.encode(Pictures.plain(64, 64, Color.WHITE), "png");
    byte[] cut = Arrays.copyOf(png, png.length / 2);
    assertThatThrownBy(() -> ImageFiles.decode(cut, "upload", ImageFiles.MAX_PIXELS))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("upload: the png data is damaged");
  }

  @Test
  void aHugeCanvasIsRefusedBeforeDecoding() {
    // a valid PNG header claiming 100000 × 100000 pixels, and no pixel data at all
    byte[] png = pngHeader(100_000, 100_000);
    assertThatThrownBy(() -> ImageFiles.decode(png, "upload", 4096L * 4096))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("100000×100000 pixels; the limit is 16777216");
  }

  private static byte[] pngHeader(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h);
    ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    byte[] type = "IHDR".getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
    out.writeBytes(type);
    out.writeBytes(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }
}
