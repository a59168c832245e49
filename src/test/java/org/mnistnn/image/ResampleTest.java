package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResampleTest {
  private static GrayImage random(int w, int h, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] v = new float[w * h];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    return new GrayImage(w, h, v);
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Test
  void shrinkingByAWholeFactorAveragesBlocks() {
    GrayImage img = new GrayImage(4, 2, new float[] {0, 1, 1, 1, 0, 0, 0, 1});
    GrayImage out = Resample.resize(img, 2, 1);
    assertThat(out.v()).containsExactly(0.25f, 0.75f);
  }

  @Test
  void aThinLineSurvivesStrongShrinking() {
    // one 1-px column in a 1000-px-wide picture: nearest neighbour would usually drop it
    int w = 1000;
    float[] v = new float[w * 10];
    for (int y = 0; y < 10; y++) {
      v[y * w + 503] = 1f;
    }
    GrayImage out = Resample.resize(new GrayImage(w, 10, v), 20, 10);
    double total = 0;
    for (float x : out.v()) {
      total += x;
    }
    // each of the 10 rows keeps the line's share of its 50-px cell: 1/50
    assertThat(total).isCloseTo(10 * 20 * (1.0 / 1000), within(1e-4));
    assertThat(out.at(10, 5)).isCloseTo(1f / 50, within(1e-5f));
  }

  @Test
  void enlargingInterpolatesBetweenCentres() {
    GrayImage out = Resample.resize(new GrayImage(2, 1, new float[] {0, 1}), 4, 1);
    assertThat(out.v()).containsExactly(0f, 0.25f, 0.75f, 1f);
  }

  @Property(tries = 200)
  void shrinkingKeepsTheMean(
      @ForAll @IntRange(min = 2, max = 90) int w,
      @ForAll @IntRange(min = 2, max = 90) int h,
      @ForAll @IntRange(min = 1, max = 20) int nw,
      @ForAll @IntRange(min = 1, max = 20) int nh,
      @ForAll long seed) {
    GrayImage img = random(w, h, seed);
    int tw = Math.min(nw, w - 1);
    int th = Math.min(nh, h - 1);
    GrayImage out = Resample.resize(img, tw, th);
    assertThat(mean(out.v())).isCloseTo(mean(img.v()), within(1e-4));
  }

  @Property(tries = 200)
  void staysWithinTheInputRange(
      @ForAll @IntRange(min = 1, max = 60) int w,
      @ForAll @IntRange(min = 1, max = 60) int h,
      @ForAll @IntRange(min = 1, max = 60) int nw,
      @ForAll @IntRange(min = 1, max = 60) int nh,
      @ForAll long seed) {
    GrayImage out = Resample.resize(random(w, h, seed), nw, nh);
    assertThat(out.width()).isEqualTo(nw);
    assertThat(out.height()).isEqualTo(nh);
    for (float x : out.v()) {
      assertThat(x).isBetween(-1e-6f, 1f + 1e-6f);
    }
  }

  @Property(tries = 100)
  void aConstantPictureStaysConstant(
      @ForAll @IntRange(min = 1, max = 50) int w,
      @ForAll @IntRange(min = 1, max = 50) int h,
      @ForAll @IntRange(min = 1, max = 50) int nw,
      @ForAll @IntRange(min = 1, max = 50) int nh) {
    float[] v = new float[w * h];
    java.util.Arrays.fill(v, 0.4f);
    for (float x : Resample.resize(new GrayImage(w, h, v), nw, nh).v()) {
      assertThat(x).isCloseTo(0.4f, within(1e-5f));
    }
  }
}
