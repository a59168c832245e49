package org.mnistnn.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElasticAugmenterTest {
  private static final int N = Digits.SIZE;

  @Test
  void alphaZeroIsTheIdentity() {
    float[] src = Digits.seven();
    float[] dst = new float[N * N];
    new ElasticAugmenter(N, N, 4f, 0f).apply(src, 0, dst, 0, new SplittableRandom(9));
    assertThat(dst).isEqualTo(src);
  }

  @Test
  void gaussianWeightsSumToOneAndAreSymmetric() {
    float[] g = GaussianKernel.weights(4);
    assertThat(g).hasSize(25);
    double sum = 0;
    for (int k = 0; k < g.length; k++) {
      sum += g[k];
      assertThat(g[k]).isEqualTo(g[g.length - 1 - k]);
    }
    assertThat(sum).isCloseTo(1, within(1e-6));
    assertThat(g[12]).isGreaterThan(g[11]);
  }

  @Test
  void separableBlurEqualsTheDirectTwoDimensionalSum() {
    float[] field = new float[N * N];
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < field.length; i++) {
      field[i] = (float) (2 * rng.nextDouble() - 1);
    }
    float[] g = GaussianKernel.weights(1.5);
    int r = g.length / 2;
    float[] blurred = field.clone();
    int frame = GaussianKernel.frameSize(N, N, g);
    GaussianKernel.blur(blurred, new float[frame], new float[frame], N, N, g);
    for (int y = 0; y < N; y += 5) {
      for (int x = 0; x < N; x += 3) {
        double direct = 0;
        for (int dy = -r; dy <= r; dy++) {
          for (int dx = -r; dx <= r; dx++) {
            int yy = y + dy;
            int xx = x + dx;
            if (yy >= 0 && yy < N && xx >= 0 && xx < N) {
              direct += g[dy + r] * g[dx + r] * field[yy * N + xx];
            }
          }
        }
        assertThat((double) blurred[y * N + x]).isCloseTo(direct, within(1e-5));
      }
    }
  }

  @Test
  void theCentreOfMassMovesNoMoreThanTheLargestDisplacementAndTheInkStays() {
    ElasticAugmenter aug = new ElasticAugmenter(N, N, 4f, 34f);
    float[] src = Digits.ring(13.5, 13.5);
    double[] c0 = Digits.centre(src);
    double m0 = Digits.mass(src);
    float[] dx = new float[N * N];
    float[] dy = new float[N * N];
    float[] dst = new float[N * N];
    double typical = 0;
    double meanRatio = 0;
    for (int k = 0; k < 100; k++) {
      aug.displacement(new SplittableRandom(k), dx, dy);
      aug.warp(src, 0, dst, 0, dx, dy);
      double largest = 0;
      for (int p = 0; p < N * N; p++) {
        largest = Math.max(largest, Math.hypot(dx[p], dy[p]));
        typical += Math.hypot(dx[p], dy[p]) / (N * N * 100);
      }
      double[] c1 = Digits.centre(dst);
      assertThat(Math.hypot(c1[0] - c0[0], c1[1] - c0[1])).isLessThanOrEqualTo(largest);
      // stretching and squeezing change the ink locally (by the field's Jacobian), not on average
      double ratio = Digits.mass(dst) / m0;
      assertThat(ratio).isBetween(0.6, 1.4);
      meanRatio += ratio / 100;
    }
    assertThat(meanRatio).isCloseTo(1.0, within(0.05));
    // σ = 4, α = 34 moves pixels by about a pixel or two, as in Simard et al.
    assertThat(typical).isBetween(0.5, 3.0);
  }

  @Test
  void applyIsDisplacementThenWarpAndDependsOnlyOnTheGenerator() {
    ElasticAugmenter aug = new ElasticAugmenter(N, N, 4f, 34f);
    float[] src = Digits.seven();
    float[] a = new float[N * N];
    float[] b = new float[N * N];
    aug.apply(src, 0, a, 0, AugmentSeeds.forImage(7, 0, 11));
    float[] dx = new float[N * N];
    float[] dy = new float[N * N];
    aug.displacement(AugmentSeeds.forImage(7, 0, 11), dx, dy);
    aug.warp(src, 0, b, 0, dx, dy);
    assertThat(a).isEqualTo(b);
    aug.apply(src, 0, b, 0, AugmentSeeds.forImage(7, 0, 12));
    assertThat(a).isNotEqualTo(b);
  }
}
