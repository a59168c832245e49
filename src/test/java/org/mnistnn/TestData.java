package org.mnistnn;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistLoader;

/**
 * Real MNIST for tests, found through the normal look-up ($MNIST_DATA, then the cache). Stand-in
 * until the data branch's version is merged: it skips, with the reason, when the data is absent.
 */
public final class TestData {
  private static MnistData cached;

  private TestData() {}

  /** The data set, loaded once per test JVM. */
  public static synchronized MnistData mnist() {
    if (cached == null) {
      Path dir = DataLocator.choose(null, msg -> {});
      Assumptions.assumeTrue(
          MnistLoader.isComplete(dir),
          "real MNIST not found in " + dir + "; run `./mnist-nn download` first");
      cached = MnistLoader.load(dir);
    }
    return cached;
  }
}
