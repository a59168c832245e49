package org.mnistnn.data;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the data folder. Look-up order: {@code --data DIR}, then {@code $MNIST_DATA}, then the
 * cache {@code ~/.cache/mnist-nn/mnist}. Whichever is chosen is also where missing files are
 * fetched to.
 */
public final class DataLocator {
  private DataLocator() {}

  /** How the folder was chosen; it decides what a checksum mismatch means. */
  public enum Origin {
    /** {@code --data DIR}: the user's folder; other IDX data sets are allowed. */
    OPTION("--data"),
    /** {@code $MNIST_DATA}: as {@link #OPTION}. */
    ENVIRONMENT("$MNIST_DATA"),
    /** The cache: ours; a mismatch means corruption and the file is fetched again. */
    CACHE("the cache");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    /** How to name it in messages. */
    public String label() {
      return label;
    }
  }

  /** A data folder and how it was chosen. */
  public record Location(Path dir, Origin origin) {}

  /** The cache folder {@code ~/.cache/mnist-nn/mnist} (honours {@code $XDG_CACHE_HOME}). */
  public static Path cacheDir() {
    return cacheDir(System.getenv(), System.getProperty("user.home"));
  }

  static Path cacheDir(Map<String, String> env, String home) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(home, ".cache");
    return base.resolve("mnist-nn").resolve("mnist");
  }

  /** The folder named by {@code --data} (may be null), else {@code $MNIST_DATA}, else the cache. */
  public static Location locate(Path dataOption) {
    return locate(dataOption, System.getenv(), System.getProperty("user.home"));
  }

  static Location locate(Path dataOption, Map<String, String> env, String home) {
    if (dataOption != null) {
      return new Location(dataOption, Origin.OPTION);
    }
    String fromEnv = env.get("MNIST_DATA");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Location(Paths.get(fromEnv), Origin.ENVIRONMENT);
    }
    return new Location(cacheDir(env, home), Origin.CACHE);
  }

  /** The folder named by {@code --data}, else {@code $MNIST_DATA}, else the cache. */
  public static Path choose(Path dataOption, Consumer<String> log) {
    Location loc = locate(dataOption);
    if (loc.origin() == Origin.ENVIRONMENT) {
      log.accept("using $MNIST_DATA=" + loc.dir());
    }
    return loc.dir();
  }
}
