package org.mnistnn.web;

import java.util.Random;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistData;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;

/**
 * A network trained for 2 epochs on the real MNIST ({@link TestData}), shared by every test in the
 * JVM that needs one. Without the data set the tests fail and say why: a browser test that reads no
 * real digits proves nothing.
 */
public final class TrainedModel {
  private static TwoLayerNet net;

  private TrainedModel() {}

  /** 784-100-10 trained for 2 epochs with the notebook's settings and seed 1 (≈ 95% on test). */
  public static synchronized TwoLayerNet net() {
    if (net == null) {
      MnistData d = TestData.mnist();
      TwoLayerNet n = TwoLayerNet.initialised(784, 100, 10, new Random(1));
      TrainConfig config = TrainConfig.defaults(1).withEpochs(2);
      new Trainer(config, n, 0).train(d.train(), d.test().slice(0, 1000), 0);
      net = n;
    }
    return net;
  }
}
