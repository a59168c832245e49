package org.mnistnn.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentSeedsTest {
  @Test
  void theGeneratorIsFixedBySeedEpochAndImage() {
    assertThat(AugmentSeeds.forImage(1, 2, 3).nextLong())
        .isEqualTo(AugmentSeeds.forImage(1, 2, 3).nextLong());
    Set<Long> firsts = new HashSet<>();
    for (int seed = 0; seed < 3; seed++) {
      for (int epoch = 0; epoch < 10; epoch++) {
        for (int image = 0; image < 100; image++) {
          firsts.add(AugmentSeeds.forImage(seed, epoch, image).nextLong());
        }
      }
    }
    assertThat(firsts).hasSize(3 * 10 * 100);
  }
}
