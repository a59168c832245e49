package org.mnistnn.cli;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistLoader;
import org.mnistnn.util.UserException;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option shared by the commands that read MNIST. */
final class DataOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder with the four MNIST files (raw or .gz). Default: $MNIST_DATA, else the cache"
              + " ~/.cache/mnist-nn/mnist.")
  Path data;

  /** Finds and loads the data set, fetching it into the cache when needed. */
  MnistData load(Consumer<String> log) {
    Path dir = DataLocator.choose(data, log);
    if (!MnistLoader.isComplete(dir)) {
      throw new UserException(
          dir + ": the MNIST files are not there; run `./mnist-nn download` or pass --data DIR");
    }
    return MnistLoader.load(dir);
  }
}
