package org.mnistnn.training;

import java.util.Locale;
import java.util.Random;
import org.mnistnn.learn.TwoLayerNet;

/**
 * How the weights start (docs/training-options.md §Initialisation). Biases start at zero; W1 is
 * drawn before W2, row by row, from one generator seeded by the run's seed.
 *
 * <pre>
 * notebook   W ~ N(0, 1) / √fan_out          the teaching notebook's scheme (default)
 * he         W ~ N(0, 2 / fan_in)            He et al. 2015, keeps the variance through ReLU
 * xavier     W ~ N(0, 2 / (fan_in + fan_out))  Glorot and Bengio 2010
 * </pre>
 *
 * For W1 (784 × H) fan_in = 784 and fan_out = H; for W2 (H × 10) fan_in = H and fan_out = 10.
 */
public enum Init {
  NOTEBOOK,
  HE,
  XAVIER;

  /** A new network of the given sizes initialised by this scheme from {@code seed}. */
  public TwoLayerNet create(int inputs, int hidden, int classes, long seed) {
    Random rng = new Random(seed);
    if (this == NOTEBOOK) {
      // exactly the skeleton's initialisation, so default runs keep their numbers
      return TwoLayerNet.initialised(inputs, hidden, classes, rng);
    }
    TwoLayerNet net = new TwoLayerNet(inputs, hidden, classes);
    TwoLayerNet.fillGaussian(net.W1, scale(inputs, hidden), rng);
    TwoLayerNet.fillGaussian(net.W2, scale(hidden, classes), rng);
    return net;
  }

  /** The standard deviation of a weight in a layer with the given fans. */
  public double scale(int fanIn, int fanOut) {
    return switch (this) {
      case NOTEBOOK -> 1.0 / Math.sqrt(fanOut);
      case HE -> Math.sqrt(2.0 / fanIn);
      case XAVIER -> Math.sqrt(2.0 / (fanIn + fanOut));
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
