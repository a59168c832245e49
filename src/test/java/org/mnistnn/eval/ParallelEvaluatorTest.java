package org.mnistnn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.network.Activations;
import org.mnistnn.network.TwoLayerNet;

/** The parallel evaluation gives, image by image, what one forward pass per image gives. */
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

    Activations a = new Activations(net, 1);
    float[] x = new float[784];
    int[] y = new int[1];
    int[] predicted = new int[n];
    int right = 0;
    for (int i = 0; i < n; i++) {
      data.copyBatch(null, i, 1, x, y);
      net.forward(x, 1, a);
      predicted[i] = TwoLayerNet.argmax(a.probs, 0, 10);
      for (int c = 0; c < 10; c++) {
        assertThat(r.probability(i, c)).as("image %d class %d", i, c).isEqualTo(a.probs[c]);
      }
      right += predicted[i] == y[0] ? 1 : 0;
    }
    assertArrayEquals(predicted, r.predicted());
    assertThat(r.accuracy()).isEqualTo((double) right / n);
  }
}
