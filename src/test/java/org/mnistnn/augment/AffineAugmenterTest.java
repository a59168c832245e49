package org.mnistnn.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineAugmenterTest {
  private static final int N = Digits.SIZE;

  @Test
  void zeroRangesCopyTheImageExactly() {
    float[] src = Digits.seven();
    float[] dst = new float[N * N];
    new AffineAugmenter(N, N, 0, 0, 0).apply(src, 0, dst, 0, new SplittableRandom(3));
    assertThat(dst).isEqualTo(src);
  }

  @Test
  void aWholePixelShiftMovesEveryPixel() {
    float[] src = Digits.seven();
    float[] dst = new float[N * N];
    new AffineAugmenter(N, N, 0, 0, 0).transform(src, 0, dst, 0, 0f, 1f, 2f, -1f);
    for (int r = 1; r < N - 1; r++) {
      for (int c = 2; c < N; c++) {
        // the output at (r, c) is the input at (r + 1, c − 2)
        assertThat(dst[r * N + c]).isEqualTo(r + 1 < N ? src[(r + 1) * N + c - 2] : 0f);
      }
    }
  }

  @Test
  void shiftsMoveTheCentreOfMassByNoMoreThanTheShiftAndKeepTheInk() {
    float[] src = Digits.ring(13.5, 13.5);
    double[] c0 = Digits.centre(src);
    double m0 = Digits.mass(src);
    AffineAugmenter shifts = new AffineAugmenter(N, N, 2f, 0f, 0f);
    float[] dst = new float[N * N];
    for (int k = 0; k < 200; k++) {
      shifts.apply(src, 0, dst, 0, new SplittableRandom(k));
      double[] c1 = Digits.centre(dst);
      assertThat(Math.hypot(c1[0] - c0[0], c1[1] - c0[1])).isLessThanOrEqualTo(2 * Math.sqrt(2));
      assertThat(Digits.mass(dst)).isCloseTo(m0, within(0.02 * m0));
    }
  }

  @Test
  void rotationAndScalingKeepTheDigitNearTheCentreWithRoughlyItsInk() {
    float[] src = Digits.seven();
    double[] c0 = Digits.centre(src);
    double m0 = Digits.mass(src);
    AffineAugmenter aug = new AffineAugmenter(N, N, 2f, 10f, 0.1f);
    float[] dst = new float[N * N];
    for (int k = 0; k < 200; k++) {
      aug.apply(src, 0, dst, 0, new SplittableRandom(k));
      double[] c1 = Digits.centre(dst);
      // shift ≤ 2√2, plus rotation by ≤10° and scaling by ≤10% of the offset from the centre
      double offset = Math.hypot(c0[0] - 13.5, c0[1] - 13.5);
      double bound = 2 * Math.sqrt(2) + offset * (0.1 + 2 * Math.sin(Math.toRadians(5))) + 0.5;
      assertThat(Math.hypot(c1[0] - c0[0], c1[1] - c0[1])).isLessThanOrEqualTo(bound);
      // ink scales with the area s² ∈ [0.81, 1.21]; allow for the blur of resampling
      assertThat(Digits.mass(dst) / m0).isBetween(0.7, 1.35);
    }
  }

  @Test
  void theSameGeneratorGivesTheSameDistortion() {
    float[] src = Digits.seven();
    float[] a = new float[N * N];
    float[] b = new float[N * N];
    AffineAugmenter aug = new AffineAugmenter(N, N, 2f, 10f, 0.1f);
    aug.apply(src, 0, a, 0, AugmentSeeds.forImage(1, 2, 3));
    aug.apply(src, 0, b, 0, AugmentSeeds.forImage(1, 2, 3));
    assertThat(a).isEqualTo(b);
    aug.apply(src, 0, b, 0, AugmentSeeds.forImage(1, 3, 3));
    assertThat(a).isNotEqualTo(b);
  }
}
