package org.mnistnn;

import org.mnistnn.data.ConsoleFetchListener;
import org.mnistnn.data.DataFiles;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.FetchConfig;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistProvider;

/**
 * The real MNIST for tests, found through the normal look-up ({@code $MNIST_DATA}, else the cache
 * {@code ~/.cache/mnist-nn/mnist}), fetched into the cache when missing (CI runs {@code ./mnist-nn
 * download} first, so this usually only reads and verifies). Loaded once per test JVM and shared;
 * callers must not modify it.
 *
 * <p>Fails (never skips) when the data cannot be had, with the fetcher's one-line reason, and when
 * {@code $MNIST_DATA} holds some other data set: tests that expect MNIST's accuracy need MNIST.
 */
public final class TestData {
  private static MnistData mnist;

  private TestData() {}

  /** The verified MNIST training and test sets. */
  public static synchronized MnistData mnist() {
    if (mnist == null) {
      MnistProvider provider =
          new MnistProvider(
              DataFiles.MNIST,
              FetchConfig.fromEnvironment(System.getenv()),
              ConsoleFetchListener.forConsole(System.err::println));
      MnistProvider.Loaded loaded = provider.load(DataLocator.locate(null));
      if (loaded.kind() != MnistProvider.Kind.VERIFIED) {
        throw new IllegalStateException(
            loaded.location().dir()
                + " holds another data set, not MNIST (checksums differ for "
                + loaded.differing()
                + "); unset MNIST_DATA or point it at the real MNIST files");
      }
      mnist = loaded.data();
    }
    return mnist;
  }
}
