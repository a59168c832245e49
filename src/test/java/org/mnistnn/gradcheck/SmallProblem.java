package org.mnistnn.gradcheck;

import java.util.Random;
import org.mnistnn.learn.TwoLayerNet;

/**
 * A seeded network and batch for gradient tests: images with some pixels exactly zero (as in
 * MNIST), random labels, random biases so that no derivative is tested at a special point.
 */
public record SmallProblem(TwoLayerNet net, float[] x, int[] y, int n) {
  public static SmallProblem of(int inputs, int hidden, int classes, int n, long seed) {
    Random rng = new Random(seed);
    TwoLayerNet net = TwoLayerNet.initialised(inputs, hidden, classes, rng);
    TwoLayerNet.fillGaussian(net.b1, 0.1, rng);
    TwoLayerNet.fillGaussian(net.b2, 0.1, rng);
    float[] x = new float[n * inputs];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(3) == 0 ? 0f : rng.nextFloat();
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(classes);
    }
    return new SmallProblem(net, x, y, n);
  }

  public ReferenceNet reference() {
    return new ReferenceNet(net);
  }

  public double[] xDouble() {
    return ReferenceNet.toDouble(x);
  }
}
