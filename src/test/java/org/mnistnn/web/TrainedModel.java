package org.mnistnn.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Random;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistLoader;
import org.mnistnn.network.TwoLayerNet;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;

/**
 * Real MNIST through the normal look-up ({@code $MNIST_DATA}, then the cache) and a network trained
 * on it for 2 epochs, shared by every test in the JVM that needs one. Without the data set the
 * tests fail and say how to get it: a browser test that reads no real digits proves nothing.
 */
public final class TrainedModel {
  private static MnistData data;
  private static TwoLayerNet net;

  private TrainedModel() {}

  public static synchronized MnistData mnist() {
    if (data == null) {
      Path dir = DataLocator.choose(null, msg -> {});
      if (!MnistLoader.isComplete(dir)) {
        fail(
            "these tests need real MNIST, not found in "
                + dir
                + " ($MNIST_DATA or the cache): run `./mnist-nn download` first");
      }
      data = MnistLoader.load(dir);
    }
    return data;
  }

  /** 784-100-10 trained for 2 epochs with the notebook's settings and seed 1 (≈ 95% on test). */
  public static synchronized TwoLayerNet net() {
    if (net == null) {
      MnistData d = mnist();
      TwoLayerNet n = TwoLayerNet.initialised(784, 100, 10, new Random(1));
      TrainConfig config = TrainConfig.defaults(1).withEpochs(2);
      new Trainer(config, n, 0).train(d.train(), d.test().slice(0, 1000), 0);
      net = n;
    }
    return net;
  }
}
