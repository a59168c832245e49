package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MnistPreprocessorTest {
  private static final int S = MnistPreprocessor.SIDE;

  /** {x0, y0, x1, y1} (exclusive ends) of the pixels above {@code t}. */
  private static int[] box(float[] v, float t) {
    float[] above = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      above[i] = v[i] > t ? 1 : 0;
    }
    return MnistPreprocessor.inkBox(above, S, S);
  }

  private static void assertCentred(float[] x) {
    double[] com = MnistPreprocessor.centreOfMass(x, S, S);
    // whole-pixel placement: within half a pixel, plus a little for rounding at the edge
    assertThat(com[0]).isCloseTo(14, within(0.51));
    assertThat(com[1]).isCloseTo(14, within(0.51));
  }

  @Test
  void anOffCentreDigitEndsUpCentredByMass() {
    // a ring in the top-left corner of a big picture
    BufferedImage img = Pictures.dark(600, 400, new Ellipse2D.Double(20, 20, 120, 160), 18);
    float[] x = MnistPreprocessor.process(img).pixels();
    assertThat(x).hasSize(784);
    assertCentred(x);
  }

  @Test
  void aTallStrokeKeepsItsAspectRatio() {
    // a 20-px-wide, 300-px-tall bar: height becomes 20, width about 20·(20/300) ≈ 1.3 → 1–2 px
    BufferedImage img = Pictures.dark(200, 400, new Line2D.Double(100, 50, 100, 350), 20);
    float[] x = MnistPreprocessor.process(img).pixels();
    int[] b = box(x, 0f);
    assertThat(b[3] - b[1]).isEqualTo(20);
    assertThat(b[2] - b[0]).isBetween(1, 3);
    assertCentred(x);
  }

  @Test
  void aWideStrokeFillsTwentyColumns() {
    // the same bar turned 90°: the longer side is now horizontal
    BufferedImage img = Pictures.dark(400, 200, new Line2D.Double(50, 100, 350, 100), 20);
    float[] x = MnistPreprocessor.process(img).pixels();
    int[] b = box(x, 0f);
    assertThat(b[2] - b[0]).isEqualTo(20);
    assertThat(b[3] - b[1]).isBetween(1, 3);
  }

  @Test
  void darkOnLightAndLightOnDarkGiveTheSameInput() {
    Ellipse2D ring = new Ellipse2D.Double(60, 50, 160, 200);
    MnistPreprocessor.Result dark =
        MnistPreprocessor.process(Pictures.stroked(300, 300, ring, 22, Color.BLACK, Color.WHITE));
    MnistPreprocessor.Result light =
        MnistPreprocessor.process(Pictures.stroked(300, 300, ring, 22, Color.WHITE, Color.BLACK));
    assertThat(dark.inverted()).isTrue();
    assertThat(light.inverted()).isFalse();
    for (int i = 0; i < 784; i++) {
      assertThat(dark.pixels()[i]).isCloseTo(light.pixels()[i], within(0.02f));
    }
    // white ink on black: the border of the field is background
    assertThat(dark.pixels()[0]).isZero();
    assertThat(max(dark.pixels())).isEqualTo(1f);
  }

  @Test
  void greyPaperBecomesBlackBackground() {
    // a pencil-grey stroke on grey paper, as in a photo
    BufferedImage img =
        Pictures.stroked(
            300,
            300,
            new Line2D.Double(150, 40, 150, 260),
            20,
            new Color(70, 70, 70),
            new Color(170, 170, 170));
    float[] x = MnistPreprocessor.process(img).pixels();
    assertThat(x[0]).isZero();
    assertThat(max(x)).isEqualTo(1f);
  }

  @Test
  void aBlankPictureHasNoInk() {
    for (Color c : new Color[] {Color.WHITE, Color.BLACK, new Color(128, 128, 128)}) {
      assertThatThrownBy(() -> MnistPreprocessor.process(Pictures.plain(50, 70, c)))
          .isInstanceOf(ImageException.class)
          .hasMessageStartingWith("no ink found");
    }
    assertThatThrownBy(() -> MnistPreprocessor.process(Pictures.plain(1, 1, Color.WHITE)))
        .hasMessageStartingWith("no ink found");
  }

  @Test
  void oddSizesWork() {
    // a 1-px-high strip and a 1-px-wide strip, each with a dark run in the middle
    for (int[] wh : new int[][] {{501, 1}, {1, 333}, {3, 3}, {1000, 7}}) {
      int w = wh[0];
      int h = wh[1];
      float[] v = new float[w * h];
      java.util.Arrays.fill(v, 1f);
      v[(h / 2) * w + w / 2] = 0f;
      float[] x = MnistPreprocessor.process(new GrayImage(w, h, v)).pixels();
      assertThat(x).hasSize(784);
      assertThat(max(x)).isGreaterThan(0f);
      assertCentred(x);
    }
  }

  @Test
  void anMnistLikeFieldPassesThroughUnchanged() {
    // a 20-px-tall bar centred on (14, 14), white on black, like an MNIST "1"
    float[] v = new float[784];
    for (int y = 4; y < 24; y++) {
      v[y * 28 + 13] = 0.6f;
      v[y * 28 + 14] = 1f;
      v[y * 28 + 15] = 0.6f;
    }
    float[] x = MnistPreprocessor.process(new GrayImage(28, 28, v)).pixels();
    assertThat(x).containsExactly(v);
  }

  @Test
  void anOffCentre28x28FieldIsReprocessed() {
    float[] v = new float[784];
    for (int y = 0; y < 8; y++) {
      v[y * 28 + 2] = 1f;
    }
    float[] x = MnistPreprocessor.process(new GrayImage(28, 28, v)).pixels();
    assertThat(box(x, 0f)[3] - box(x, 0f)[1]).isEqualTo(20);
    assertCentred(x);
  }

  @Test
  void transparentPicturesShowTheirInk() {
    // a canvas export: transparent background, ink only where drawn, dark or light
    for (Color ink : new Color[] {Color.BLACK, Color.WHITE}) {
      BufferedImage img = new BufferedImage(200, 200, BufferedImage.TYPE_INT_ARGB);
      java.awt.Graphics2D g = img.createGraphics();
      g.setColor(ink);
      g.setStroke(new java.awt.BasicStroke(16));
      g.draw(new Line2D.Double(100, 30, 100, 170));
      g.dispose();
      float[] x = MnistPreprocessor.process(img).pixels();
      assertThat(box(x, 0.5f)[3] - box(x, 0.5f)[1]).as("ink %s", ink).isGreaterThanOrEqualTo(18);
      assertThat(x[0]).isZero();
    }
  }

  @Property(tries = 60)
  void anyRectangleAnywhereIsScaledAndCentred(
      @ForAll @IntRange(min = 30, max = 400) int w,
      @ForAll @IntRange(min = 30, max = 400) int h,
      @ForAll @IntRange(min = 0, max = 1000) int fx,
      @ForAll @IntRange(min = 0, max = 1000) int fy,
      @ForAll @IntRange(min = 3, max = 1000) int fw,
      @ForAll @IntRange(min = 3, max = 1000) int fh,
      @ForAll boolean darkOnLight) {
    // a filled rectangle whose position and size are fractions of the picture
    int rw = Math.max(3, fw * (w - 2) / 1000);
    int rh = Math.max(3, fh * (h - 2) / 1000);
    int rx = 1 + fx * (w - 2 - rw) / 1000;
    int ry = 1 + fy * (h - 2 - rh) / 1000;
    float bg = darkOnLight ? 1f : 0f;
    float[] v = new float[w * h];
    java.util.Arrays.fill(v, bg);
    for (int y = ry; y < ry + rh; y++) {
      for (int x = rx; x < rx + rw; x++) {
        v[y * w + x] = 1f - bg;
      }
    }
    float[] x = MnistPreprocessor.process(new GrayImage(w, h, v)).pixels();
    for (float p : x) {
      assertThat(p).isBetween(0f, 1f);
    }
    int[] b = box(x, 0f);
    int longer = Math.max(b[2] - b[0], b[3] - b[1]);
    assertThat(longer).isEqualTo(20);
    double aspect = (double) rw / rh;
    // the crop is the rectangle itself, so the shorter side is 20·(short/long) rounded
    int shortSide = Math.min(b[2] - b[0], b[3] - b[1]);
    double expectShort = 20 * Math.min(aspect, 1 / aspect);
    assertThat((double) shortSide).isCloseTo(Math.max(1, expectShort), within(0.51));
    assertCentred(x);
  }

  private static float max(float[] v) {
    float m = 0;
    for (float x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
