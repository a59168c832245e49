package org.mnistnn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.engine.FastForward;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The parallel evaluation gives, image by image, what one forward pass per image gives, and the
 * accuracy alone (from the logits) agrees with it.
 */
class ParallelEvaluatorTest {

  @Test
  void matchesOneImageAtATime() {
    int n = 1234; // not a multiple of the chunk or of the number of cores
    Random rng = new Random(11);
    byte[] img = new byte[n * 784];
    byte[] lab = new byte[n];
    for (int i = 0; i < img.length; i++) {
      img[i] = rng.nextFloat() < 0.2f ? (byte) rng.nextInt(256) : 0;
    }
    for (int i = 0; i < n; i++) {
      lab[i] = (byte) rng.nextInt(10);
    }
    MnistDataset data = new MnistDataset(img, lab, n, 28, 28);
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(3));

    Evaluator.Result r = Evaluator.evaluate(net, data);

    FastForward one = FastForward.of(net);
    float[] probs = new float[10];
    float[] x = new float[784];
    int[] y = new int[1];
    int[] predicted = new int[n];
    int right = 0;
    for (int i = 0; i < n; i++) {
      data.copyBatch(null, i, 1, x, y);
      one.probabilities(x, 1, probs, 0);
      predicted[i] = TwoLayerNet.argmax(probs, 0, 10);
      for (int c = 0; c < 10; c++) {
        assertThat(r.probability(i, c)).as("image %d class %d", i, c).isEqualTo(probs[c]);
      }
      right += predicted[i] == y[0] ? 1 : 0;
    }
    assertArrayEquals(predicted, r.predicted());
    assertThat(r.accuracy()).isEqualTo((double) right / n);
    // accuracy alone, from the logits, counts the same images right
    assertThat(Evaluator.accuracy(net, data)).isEqualTo((double) right / n);
  }

  @Test
  void accuracyRefusesLogitsThatAreNotNumbers() {
    MnistDataset data = new MnistDataset(new byte[784], new byte[1], 1, 28, 28);
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(3));
    net.b2[4] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> Evaluator.accuracy(net, data))
        .isInstanceOf(FiniteOutputs.NotFiniteException.class)
        .hasMessageContaining("test image 0");
  }
}
