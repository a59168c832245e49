package org.mnistnn.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Headless Debian Chromium driven through chromedriver, both found on the PATH (never downloaded).
 * When either is missing the calling test fails with the command that installs them.
 */
final class Chrome {
  private Chrome() {}

  static Path executable(String... names) {
    return find(System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), names);
  }

  /** The first of {@code names} found in the folders of {@code path}; fails the test if none. */
  static Path find(String path, String... names) {
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    fail(
        names[0]
            + " is not installed, and the browser tests need it: run `apt-get install -y chromium"
            + " chromium-driver` (.ci/run does this)");
    return null;
  }

  /**
   * A fresh browser with its own profile folder under {@code profile}, a {@code width × height}
   * viewport and the console log kept; {@code phone} emulates a touch screen at pixel ratio 3.
   */
  static ChromeDriver start(Path profile, int width, int height, boolean phone) throws IOException {
    Path chromium = executable("chromium", "chromium-browser", "google-chrome");
    Path driver = executable("chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--user-data-dir=" + Files.createDirectories(profile),
        "--window-size=" + width + "," + height);
    if (phone) {
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of(
              "deviceMetrics",
              Map.of("width", width, "height", height, "pixelRatio", 3.0, "touch", true)));
    }
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** The console's error messages since the last call. */
  static List<String> consoleErrors(ChromeDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }
}
