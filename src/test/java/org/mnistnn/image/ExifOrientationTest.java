package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {
  private static final byte[] JPEG =
      Pictures.encode(Pictures.dark(60, 40, new Line2D.Double(10, 20, 50, 20), 6), "jpg");

  @Test
  void readsTheTagInBothByteOrders() {
    for (int o = 1; o <= 8; o++) {
      byte[] mm = Exif.withOrientation(JPEG, o, ByteOrder.BIG_ENDIAN);
      byte[] ii = Exif.withOrientation(JPEG, o, ByteOrder.LITTLE_ENDIAN);
      assertThat(ExifOrientation.of(mm, mm.length)).isEqualTo(o);
      assertThat(ExifOrientation.of(ii, ii.length)).isEqualTo(o);
    }
  }

  @Test
  void noTagOrDamagedOrCutShortMeansUpright() {
    assertThat(ExifOrientation.of(JPEG, JPEG.length)).isEqualTo(1);
    byte[] png = Pictures.encode(Pictures.plain(4, 4, java.awt.Color.WHITE), "png");
    assertThat(ExifOrientation.of(png, png.length)).isEqualTo(1);
    byte[] six = Exif.withOrientation(JPEG, 6);
    for (int n = 0; n < 34; n++) { // the entry ends at byte 34
      assertThat(ExifOrientation.of(Arrays.copyOf(six, n), n)).as("first %d bytes", n).isEqualTo(1);
    }
    byte[] bad = Exif.withOrientation(JPEG, 9);
    assertThat(ExifOrientation.of(bad, bad.length)).isEqualTo(1);
  }

  @Test
  void aSidewaysPortraitPhotoIsDecodedUpright() {
    BufferedImage upright = Pictures.dark(60, 40, new Line2D.Double(10, 20, 50, 20), 6);
    BufferedImage stored = DigitPhotos.rotateLeft(upright);
    byte[] file = Exif.withOrientation(Pictures.encode(stored, "jpg"), 6);
    BufferedImage back = ImageFiles.decode(file, "photo", ImageFiles.MAX_PIXELS);
    assertThat(back.getWidth()).isEqualTo(60);
    assertThat(back.getHeight()).isEqualTo(40);
    // the horizontal stroke is horizontal again: dark in the middle row, light at the top
    assertThat(back.getRGB(30, 20) & 0xFF).isLessThan(80);
    assertThat(back.getRGB(30, 3) & 0xFF).isGreaterThan(200);
  }

  @Test
  void everyOrientationUndoesItsTurn() {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        img.setRGB(x, y, y * 3 + x);
      }
    }
    // where stored pixel (0, 0) must end up, for orientations 1..8
    int[][] corner = {{0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
    for (int o = 1; o <= 8; o++) {
      BufferedImage out = ExifOrientation.upright(img, o);
      assertThat(out.getWidth()).as("orientation %d", o).isEqualTo(o >= 5 ? 2 : 3);
      assertThat(out.getRGB(corner[o - 1][0], corner[o - 1][1]) & 0xFFFFFF)
          .as("orientation %d", o)
          .isZero();
    }
  }
}
