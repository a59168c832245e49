package org.mnistnn.data;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;

/**
 * Finds the MNIST folder. Look-up order: {@code --data DIR}, then {@code $MNIST_DATA}, then the
 * cache {@code ~/.cache/mnist-nn/mnist}.
 */
public final class DataLocator {
  private DataLocator() {}

  /** The cache folder {@code ~/.cache/mnist-nn/mnist} (honours {@code $XDG_CACHE_HOME}). */
  public static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Paths.get(xdg)
            : Paths.get(System.getProperty("user.home"), ".cache");
    return base.resolve("mnist-nn").resolve("mnist");
  }

  /** The folder named by {@code --data}, else {@code $MNIST_DATA}, else the cache. */
  public static Path choose(Path dataOption, Consumer<String> log) {
    if (dataOption != null) {
      return dataOption;
    }
    String env = System.getenv("MNIST_DATA");
    if (env != null && !env.isBlank()) {
      log.accept("using $MNIST_DATA=" + env);
      return Paths.get(env);
    }
    return cacheDir();
  }
}
