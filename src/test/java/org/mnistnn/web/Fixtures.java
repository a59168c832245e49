package org.mnistnn.web;

import java.util.Random;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;

/** Small made-up networks and data sets for server tests that need no real MNIST. */
final class Fixtures {
  private Fixtures() {}

  /** A 784-H-10 network with the usual random start. */
  static TwoLayerNet net(int hidden, long seed) {
    return TwoLayerNet.initialised(784, hidden, 10, new Random(seed));
  }

  /** {@code n} 28×28 images of random bytes with labels {@code i mod 10}. */
  static MnistDataset dataset(int n, long seed) {
    Random r = new Random(seed);
    byte[] images = new byte[n * 784];
    r.nextBytes(images);
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
    }
    return new MnistDataset(images, labels, n, 28, 28);
  }
}
