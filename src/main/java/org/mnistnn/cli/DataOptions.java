package org.mnistnn.cli;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.mnistnn.data.ConsoleFetchListener;
import org.mnistnn.data.DataFiles;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.FetchConfig;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistProvider;
import picocli.CommandLine.Option;

/**
 * The {@code --data DIR} option shared by the commands that read MNIST, and the look-up behind it:
 * {@code --data}, else {@code $MNIST_DATA}, else the cache; missing files are fetched into the
 * cache on demand (into another folder by {@code download} only), and every file is checked against
 * its SHA-256 (see {@link MnistProvider}).
 */
final class DataOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      // one line each, so that the path starts a line and is never broken at its "."
      description = {
        "Folder with the four MNIST files (raw or .gz). Default: $MNIST_DATA, else the cache",
        "~/.cache/mnist-nn/mnist, where missing files are fetched on demand."
      })
  Path data;

  private DataSet dataSet = DataSet.MNIST;

  /** Finds, verifies and loads the data set, fetching missing files into the cache. */
  MnistData load(Consumer<String> log) {
    return loadWithDetails(log, false).data();
  }

  /** What the last {@link #load} read: its name (when known), checksums and class names. */
  DataSet dataSet() {
    return dataSet;
  }

  /**
   * As {@link #load}, also telling where the data came from and what was fetched.
   *
   * @param download fetch into the chosen folder even when it is not the cache
   */
  MnistProvider.Loaded loadWithDetails(Consumer<String> log, boolean download) {
    DataLocator.Location loc = DataLocator.locate(data);
    if (loc.origin() == DataLocator.Origin.ENVIRONMENT) {
      log.accept("using $MNIST_DATA=" + loc.dir());
    }
    MnistProvider provider =
        new MnistProvider(
            DataFiles.MNIST,
            FetchConfig.fromEnvironment(System.getenv()),
            ConsoleFetchListener.forConsole(log));
    MnistProvider.Loaded loaded = provider.load(loc, download);
    dataSet = loaded.dataSet();
    return loaded;
  }
}
