package org.mnistnn.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Headless Chromium for browser tests: starts a ChromeDriver on a fresh profile, collects the
 * page's console errors, quits. Uses the Debian {@code chromium} and {@code chromium-driver} found
 * on the PATH and never downloads a browser.
 *
 * <p>When they are missing the test is skipped with a one-line reason naming the packages to
 * install, so that a newcomer's {@code mvn -B verify} passes; where the environment variable {@code
 * CI} is set (as CI services and {@code .ci/run} set it) it fails instead: CI must run them. The
 * reason is also printed, once per JVM: most browser tests start Chromium in {@code @BeforeAll},
 * and Maven reports a class skipped there as "Tests run: 0" without saying why.
 */
public final class Browser implements AutoCloseable {
  // Selenium warns that it has no DevTools bindings for this Chromium version; we do not use them.
  private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  // whether the reason for skipping has been printed in this JVM
  private static final java.util.concurrent.atomic.AtomicBoolean TOLD =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts headless Chromium; {@code extraArgs} are added to the standard flags. */
  public static Browser start(String... extraArgs) {
    return start(0, 0, false, extraArgs);
  }

  /**
   * Starts headless Chromium with a {@code width × height} window (0: Chromium's default); {@code
   * phone} emulates a touch screen of that size at pixel ratio 3. {@code extraArgs} are added to
   * the standard flags.
   */
  public static Browser start(int width, int height, boolean phone, String... extraArgs) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    Path chromium = find(path, "chromium", "chromium-browser", "google-chrome");
    Path chromedriver = find(path, "chromedriver");
    if (chromium == null || chromedriver == null) {
      whenMissing(
          missingMessage(chromium != null, chromedriver != null),
          System.getenv(),
          TOLD.getAndSet(true) ? null : System.err);
    }
    SELENIUM_LOG.setLevel(Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("mnistnn-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--user-data-dir=" + profile);
    if (width > 0 && height > 0) {
      options.addArguments("--window-size=" + width + "," + height);
    }
    if (phone) {
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of(
              "deviceMetrics",
              Map.of("width", width, "height", height, "pixelRatio", 3.0, "touch", true)));
    }
    options.addArguments(extraArgs);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, profile);
  }

  /** The one-line reason a browser test cannot run, with the command that fixes it. */
  static String missingMessage(boolean haveChromium, boolean haveDriver) {
    return "browser test needs Chromium and ChromeDriver on the PATH (found chromium: "
        + haveChromium
        + ", chromedriver: "
        + haveDriver
        + "); install them with `apt-get install -y chromium chromium-driver` (.ci/run does this)";
  }

  /**
   * Ends a browser test that cannot start Chromium: a failure where {@code env} says this is CI
   * ({@code CI} set to anything but {@code false} or {@code 0}), else a skip whose reason is also
   * printed on {@code out} (null: not printed); {@code what} is the reason either way.
   */
  static void whenMissing(String what, Map<String, String> env, java.io.PrintStream out) {
    String ci = env.getOrDefault("CI", "").trim();
    if (!ci.isEmpty() && !ci.equalsIgnoreCase("false") && !ci.equals("0")) {
      Assertions.fail(what + " (CI=" + ci + ": browser tests must run here)");
    }
    String reason = what + " (skipped: CI is not set)";
    if (out != null) {
      out.println(reason);
      out.flush();
    }
    Assumptions.abort(reason);
  }

  /** The WebDriver, for navigating and querying the page. */
  public ChromeDriver driver() {
    return driver;
  }

  /** The console messages of level SEVERE (errors) logged since the last call. */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  /** Quits the browser and deletes its profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  /** The first of {@code names} that is an executable file in a folder of {@code path}, or null. */
  static Path find(String path, String... names) {
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile is harmless.
    }
  }
}
