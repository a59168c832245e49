package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Ellipse2D;
import org.junit.jupiter.api.Test;

class StrokesTest {
  private static GrayImage ring(float stroke) {
    GrayImage g =
        GrayImage.of(Pictures.dark(200, 200, new Ellipse2D.Double(40, 30, 120, 140), stroke));
    float[] v = g.v();
    for (int i = 0; i < v.length; i++) {
      v[i] = 1f - v[i];
    }
    return g;
  }

  @Test
  void theWidthEstimateIsTheStrokeWidth() {
    // pixel-edge counting shortens curved edges a little, so the estimate runs up to 15% high
    assertThat(Strokes.width(ring(10).v(), 200, 200)).isBetween(9.0, 12.0);
    assertThat(Strokes.width(ring(30).v(), 200, 200)).isBetween(28.0, 35.0);
  }

  @Test
  void thickStrokesAreThinnedAndOrdinaryOnesLeftAlone() {
    GrayImage ordinary = ring(20);
    assertThat(Strokes.thinned(ordinary)).isSameAs(ordinary);
    GrayImage thick = ring(60);
    assertThat(Strokes.width(thick.v(), 200, 200)).isGreaterThan(Strokes.THICK * 200);
    double after = Strokes.width(Strokes.thinned(thick).v(), 200, 200);
    // the square minimum thins diagonal strokes by up to √2 more than straight ones
    assertThat(after).isBetween(0.07 * 200, Strokes.TARGET * 200);
  }
}
