package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;

/**
 * Real MNIST test digits, already normalised, must come out of the preprocessing as they went in.
 */
class MnistPassThroughTest {
  @Test
  void mnistDigitsPassThroughUnchangedEvenWhenInverted() {
    MnistDataset test = TestData.mnist().test();
    int n = 1000;
    int same = 0;
    for (int i = 0; i < n; i++) {
      float[] x = new float[784];
      float[] inverted = new float[784];
      for (int p = 0; p < 784; p++) {
        x[p] = test.pixel(i, p) / 255f;
        inverted[p] = 1f - x[p];
      }
      float peak = 0;
      for (float v : x) {
        peak = Math.max(peak, v);
      }
      float[] expected = MnistPreprocessor.stretch(x, 0f, peak);
      float[] out = MnistPreprocessor.process(new GrayImage(28, 28, x)).pixels();
      float[] outInv = MnistPreprocessor.process(new GrayImage(28, 28, inverted)).pixels();
      if (java.util.Arrays.equals(out, expected)) {
        same++;
        for (int p = 0; p < 784; p++) {
          assertThat(outInv[p])
              .isCloseTo(expected[p], org.assertj.core.api.Assertions.within(1e-5f));
        }
      }
    }
    // MNIST's own normalisation puts ink in 20×20 and the centre of mass within ±0.3 px of (14, 14)
    assertThat(same).isGreaterThanOrEqualTo(990);
  }
}
