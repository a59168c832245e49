package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The draw-a-digit page in headless Chromium, against a network trained for 2 epochs on real MNIST:
 * strokes drawn with the mouse (and a finger, on a phone-sized screen) must be read as the digits
 * they are, test digits must show their true label, and the console must stay free of errors.
 */
class DrawPageBrowserTest {
  static WebServer server;
  static MnistDataset test;
  static Browser browser;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    test = TestData.mnist().test();
    server =
        new WebServer(new LiveModel(TrainedModel.net()), TestDigits.of(test), null)
            .start("127.0.0.1", 0);
    browser = Browser.start(1100, 900, false);
    driver = browser.driver();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open() {
    driver.get(server.url());
    waitFor(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  @AfterEach
  void noConsoleErrors() {
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private static void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, ?> until) {
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(until::apply);
  }

  /** Draws through {@code points} given as fractions (−½ … ½) of the pad around its centre. */
  private static void drawWithMouse(double[][] points) {
    drawWith(driver, points);
  }

  /** Draws with the mouse of {@code driver}; see {@link #drawWithMouse}. */
  static void drawWith(ChromeDriver driver, double[][] points) {
    WebElement pad = driver.findElement(By.id("pad"));
    Dimension size = pad.getSize();
    Actions a = new Actions(driver, Duration.ofMillis(15));
    int px = (int) Math.round(points[0][0] * size.width);
    int py = (int) Math.round(points[0][1] * size.height);
    a.moveToElement(pad, px, py).clickAndHold();
    for (int i = 1; i < points.length; i++) {
      int x = (int) Math.round(points[i][0] * size.width);
      int y = (int) Math.round(points[i][1] * size.height);
      a.moveByOffset(x - px, y - py);
      px = x;
      py = y;
    }
    a.release().perform();
  }

  static double[][] verticalStroke() {
    double[][] p = new double[11][];
    for (int i = 0; i <= 10; i++) {
      p[i] = new double[] {0.02 * (i / 10.0), -0.33 + 0.66 * i / 10.0};
    }
    return p;
  }

  static double[][] ring() {
    double[][] p = new double[41][];
    for (int i = 0; i <= 40; i++) {
      double t = 2 * Math.PI * i / 40;
      p[i] = new double[] {0.24 * Math.sin(t), -0.32 * Math.cos(t)};
    }
    return p;
  }

  private static String answer() {
    waitFor(d -> d.findElement(By.id("digit")).getText().matches("\\d"));
    return driver.findElement(By.id("digit")).getText();
  }

  @Test
  void aVerticalStrokeIsAOne() {
    drawWithMouse(verticalStroke());
    assertThat(answer()).isEqualTo("1");
    // the answer comes with its bars, the network's view and the units behind it
    assertThat(driver.findElement(By.cssSelector("#bar-1.win")).isDisplayed()).isTrue();
    assertThat(driver.findElements(By.cssSelector("#units li canvas"))).isNotEmpty();
    Long inkInSeen =
        (Long)
            driver.executeScript(
                "const d = document.getElementById('seen').getContext('2d')"
                    + ".getImageData(0, 0, 28, 28).data; let n = 0;"
                    + " for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++; return n;");
    assertThat(inkInSeen).isBetween(20L, 200L);
  }

  @Test
  void aRingIsAZero() throws Exception {
    drawWithMouse(ring());
    assertThat(answer()).isEqualTo("0");
    assertThat(driver.findElement(By.id("pad-hint")).isDisplayed()).isFalse();
    Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(
        Path.of("target", "screenshots", "desktop-1100x900.png"),
        driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
  }

  @Test
  void clearStartsOver() {
    drawWithMouse(verticalStroke());
    answer();
    driver.findElement(By.id("clear")).click();
    assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("?");
    drawWithMouse(ring());
    assertThat(answer()).isEqualTo("0");
  }

  @Test
  void aTestDigitShowsItsTrueLabel() {
    for (int round = 0; round < 3; round++) {
      driver.findElement(By.id("sample")).click();
      WebElement truth = driver.findElement(By.id("truth"));
      waitFor(d -> truth.isDisplayed() && truth.getDomAttribute("data-index") != null);
      int index = Integer.parseInt(truth.getDomAttribute("data-index"));
      int label = test.label(index);
      assertThat(truth.getDomAttribute("data-label")).isEqualTo(String.valueOf(label));
      assertThat(truth.getText()).contains("Test image #" + index + " · true label " + label);
      assertThat(answer()).matches("\\d");
      driver.findElement(By.id("clear")).click();
    }
  }

  @Test
  void theBarsAndTheAnswerUseTheModelsClassNames() throws Exception {
    // the digits network under Fashion-MNIST's names: its "1" is then called "Trouser"
    List<String> names = org.mnistnn.data.DataSet.FASHION_MNIST.classes();
    try (WebServer named =
        new WebServer(new LiveModel(TrainedModel.net(), names), TestDigits.of(test), null)
            .start("127.0.0.1", 0)) {
      driver.get(named.url());
      waitFor(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
      for (int k = 0; k < 10; k++) {
        assertThat(driver.findElement(By.cssSelector("#bar-" + k + " .label")).getText())
            .isEqualTo(names.get(k));
      }
      drawWithMouse(verticalStroke());
      waitFor(d -> !d.findElement(By.id("digit")).getText().equals("?"));
      assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("Trouser");
      assertThat(driver.findElement(By.id("why-digit")).getText()).isEqualTo("Trouser");
      driver.findElement(By.id("sample")).click();
      WebElement truth = driver.findElement(By.id("truth"));
      waitFor(d -> truth.isDisplayed() && truth.getDomAttribute("data-index") != null);
      int label = test.label(Integer.parseInt(truth.getDomAttribute("data-index")));
      assertThat(truth.getText()).contains("true label " + names.get(label));
      Files.createDirectories(Path.of("target", "screenshots"));
      Files.write(
          Path.of("target", "screenshots", "desktop-class-names.png"),
          driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }
  }

  @Test
  void onAPhoneTheFingerDrawsAndNothingSpillsSideways() throws Exception {
    try (Browser phoneBrowser = Browser.start(390, 844, true)) {
      ChromeDriver phone = phoneBrowser.driver();
      phone.get(server.url());
      new WebDriverWait(phone, Duration.ofSeconds(20))
          .until(
              d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
      WebElement pad = phone.findElement(By.id("pad"));
      assertThat(pad.getSize().width).isBetween(250, 360);
      PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
      Sequence s = new Sequence(finger, 0);
      double[][] pts = verticalStroke();
      Dimension size = pad.getSize();
      for (int i = 0; i < pts.length; i++) {
        int x = (int) Math.round(pts[i][0] * size.width);
        int y = (int) Math.round(pts[i][1] * size.height);
        s.addAction(
            finger.createPointerMove(
                Duration.ofMillis(i == 0 ? 0 : 15), PointerInput.Origin.fromElement(pad), x, y));
        if (i == 0) {
          s.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        }
      }
      s.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
      phone.perform(List.of(s));
      new WebDriverWait(phone, Duration.ofSeconds(20))
          .until(d -> d.findElement(By.id("digit")).getText().matches("\\d"));
      assertThat(phone.findElement(By.id("digit")).getText()).isEqualTo("1");
      assertThat(phone.findElement(By.id("pad-hint")).isDisplayed()).isFalse();
      // the pad draws at the screen's full resolution, so strokes stay sharp
      Object sharp =
          phone.executeScript(
              "const p = document.getElementById('pad');"
                  + " return [p.width, p.getBoundingClientRect().width, window.devicePixelRatio];");
      assertThat(sharp).isEqualTo(List.of(1002L, 334L, 3L));
      Files.createDirectories(Path.of("target", "screenshots"));
      Files.write(
          Path.of("target", "screenshots", "phone-viewport.png"),
          phone.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      Long overflow =
          (Long)
              phone.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as("page wider than the phone screen").isLessThanOrEqualTo(0L);
      saveFullPage(phone, Path.of("target", "screenshots", "phone-390x844.png"));
      assertThat(phoneBrowser.consoleErrors()).isEmpty();
    }
  }

  /** A screenshot of the whole page, beyond the viewport, for people to look at. */
  static void saveFullPage(ChromeDriver d, Path file) throws Exception {
    Map<String, Object> shot =
        d.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }
}
