package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;

/** The real MNIST through the normal look-up (fetched into the cache when missing). */
class RealMnistTest {
  @Test
  void hasTheKnownShapeAndFirstLabels() {
    MnistData d = TestData.mnist();
    assertThat(d.train().count()).isEqualTo(60_000);
    assertThat(d.test().count()).isEqualTo(10_000);
    assertThat(d.train().rows()).isEqualTo(28);
    assertThat(d.train().cols()).isEqualTo(28);
    // Well-known facts about MNIST: the first training digit is a 5, the first test digit a 7.
    assertThat(d.train().label(0)).isEqualTo(5);
    assertThat(d.test().label(0)).isEqualTo(7);
    int[] perClass = new int[10];
    for (int i = 0; i < d.test().count(); i++) {
      perClass[d.test().label(i)]++;
    }
    // the test set's class counts, 0 to 9
    assertThat(perClass).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
  }
}
