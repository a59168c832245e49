package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The backprop explorer ({@code /step}) in headless Chromium against a network trained for 2 epochs
 * on real MNIST: every panel renders for a test digit and for a drawing, a hovered cell shows the
 * API's number, "take 10 steps" draws a falling loss, a clicked weight shows its gradient check
 * (and the notebook's version fails it), the console stays clean, and a 390×844 phone works.
 */
class StepPageBrowserTest {
  static final int DIGIT = 8;
  static final String[] PANELS = {
    "x", "z1", "h1", "z2", "probs", "dz2", "dW2", "db2", "dh1", "dz1", "dW1", "db1"
  };
  static WebServer server;
  static ServerClient client;
  static MnistDataset test;
  static Browser browser;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    test = TestData.mnist().test();
    server =
        new WebServer(new LiveModel(TrainedModel.net()), TestDigits.of(test), null)
            .start("127.0.0.1", 0);
    client = new ServerClient(server);
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

  @AfterEach
  void noConsoleErrors() {
    assertThat(browser.consoleErrors()).isEmpty();
  }

  static void waitFor(WebDriver d, Function<WebDriver, ?> until) {
    new WebDriverWait(d, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class) // the panels are rebuilt by each answer
        .until(until::apply);
  }

  /** Opens {@code /step?query} and waits until the answer for that input is drawn. */
  static void open(WebDriver d, String query, String inputNote) {
    d.get(server.url() + "step?" + query);
    waitFor(
        d,
        x ->
            "true".equals(x.findElement(By.tagName("body")).getDomAttribute("data-ready"))
                && x.findElement(By.id("input-note")).getText().contains(inputNote));
    System.out.println(
        "step page: panels drawn in "
            + d.findElement(By.tagName("body")).getDomAttribute("data-render-ms")
            + " ms after the answer arrived");
  }

  static JsonObject api(String body) throws Exception {
    var r = client.post("/api/step", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  static double at(JsonObject o, String name, int i) {
    return o.getAsJsonArray(name).get(i).getAsDouble();
  }

  // the last "= number" of a hover text, before an optional remark in brackets
  private static final Pattern SHOWN =
      Pattern.compile("= (-?[0-9.]+(?:e[-+]?[0-9]+)?)(?:\\s+\\(.*)?$");

  /** Hovers the canvas at fractions (fx, fy) of its size; returns the tip's index and number. */
  static double[] hover(WebDriver d, String canvasId, double fx, double fy) {
    WebElement canvas = d.findElement(By.id(canvasId));
    Rectangle r = canvas.getRect();
    int dx = (int) Math.round((fx - 0.5) * r.width);
    int dy = (int) Math.round((fy - 0.5) * r.height);
    new Actions(d).moveToElement(canvas, dx, dy).perform();
    return tipValue(d);
  }

  /** The hovered or tapped cell's index and the last number of its text. */
  static double[] tipValue(WebDriver d) {
    WebElement tip = d.findElement(By.id("tip"));
    waitFor(d, x -> tip.isDisplayed());
    String text = tip.getText();
    Matcher m = SHOWN.matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return new double[] {
      Integer.parseInt(tip.getDomAttribute("data-index")), Double.parseDouble(m.group(1))
    };
  }

  /** Taps the canvas with a finger at fractions (fx, fy) of its size; as {@link #hover}. */
  static double[] tap(ChromeDriver d, String canvasId, double fx, double fy) {
    WebElement canvas = d.findElement(By.id(canvasId));
    d.executeScript("arguments[0].scrollIntoView({block: 'center'});", canvas);
    Rectangle r = canvas.getRect();
    PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
    Sequence s = new Sequence(finger, 0);
    int dx = (int) Math.round((fx - 0.5) * r.width);
    int dy = (int) Math.round((fy - 0.5) * r.height);
    s.addAction(
        finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(canvas), dx, dy));
    s.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
    s.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
    d.perform(List.of(s));
    return tipValue(d);
  }

  /** The number shown equals the API's to the 4 significant digits the page writes. */
  static void assertShows(JsonObject api, String name, double[] shown) {
    double expected = at(api, name, (int) shown[0]);
    assertThat(shown[1])
        .as(name + "[" + (int) shown[0] + "]")
        .isCloseTo(expected, within(5e-4 * Math.abs(expected) + 1e-12));
  }

  @Test
  void aTestDigitShowsEveryPanelAndHoveredCellsShowTheApisNumbers() throws Exception {
    open(driver, "test_index=" + DIGIT, "Test image #" + DIGIT);
    for (String p : PANELS) {
      WebElement c = driver.findElement(By.id("plot-" + p));
      assertThat(c.getRect().width).as(p).isGreaterThan(100);
      assertThat(driver.findElement(By.id("panel-" + p)).getText()).contains("§");
    }
    JsonObject a = api("{\"test_index\": " + DIGIT + "}");
    assertThat(driver.findElement(By.id("loss-line")).getText())
        .endsWith("= " + fmt(a.get("loss").getAsDouble()));
    assertShows(a, "z1", hover(driver, "plot-z1", 0.35, 0.45));
    assertShows(a, "h1", hover(driver, "plot-h1", 0.55, 0.25));
    assertShows(a, "probs", hover(driver, "plot-probs", 0.05 + 0.1 * test.label(DIGIT), 0.5));
    assertShows(a, "dz2", hover(driver, "plot-dz2", 0.05 + 0.1 * test.label(DIGIT), 0.5));
    assertShows(a, "dW2", hover(driver, "plot-dW2", 0.42, 0.05 + 0.1 * test.label(DIGIT)));
    assertShows(a, "dz1", hover(driver, "plot-dz1", 0.65, 0.75));
    assertShows(a, "dW1", hover(driver, "plot-dW1", 0.44, 0.45));
    assertShows(a, "dW1", hover(driver, "plot-dW1-unit", 0.5, 0.5));
    assertShows(a, "db1", hover(driver, "plot-db1", 0.15, 0.85));
    // "numbers" prints the values themselves, as the API has them
    driver.findElement(By.id("numbers")).click();
    WebElement printed = driver.findElement(By.id("numbers-dz2"));
    assertThat(printed.isDisplayed()).isTrue();
    for (int k = 0; k < 10; k++) {
      assertThat(printed.getText()).contains(fmt(at(a, "dz2", k)));
    }
    driver.findElement(By.id("numbers")).click();
    assertThat(printed.isDisplayed()).isFalse();
    DrawPageBrowserTest.saveFullPage(driver, Path.of("target", "screenshots", "step-desktop.png"));
  }

  /**
   * The page's number format, fmt() of step.js: 4 significant digits, plain from 1e-3 to 1e5,
   * otherwise as JavaScript's toExponential(3) writes it ({@code 1.234e-5}).
   */
  static String fmt(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      String s = String.format(java.util.Locale.ROOT, "%.4g", v);
      return new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
    }
    String[] e = String.format(java.util.Locale.ROOT, "%.3e", v).split("e");
    int exp = Integer.parseInt(e[1]);
    return e[0] + "e" + (exp < 0 ? "-" : "+") + Math.abs(exp);
  }

  @Test
  void theLabelsCarryTheModelsClassNames() throws Exception {
    List<String> names = org.mnistnn.data.DataSet.FASHION_MNIST.classes();
    try (WebServer named =
        new WebServer(new LiveModel(TrainedModel.net(), names), TestDigits.of(test), null)
            .start("127.0.0.1", 0)) {
      driver.get(named.url() + "step?test_index=" + DIGIT);
      int label = test.label(DIGIT);
      waitFor(
          driver,
          d ->
              "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready"))
                  && d.findElement(By.id("input-note")).getText().contains("Test image #"));
      assertThat(driver.findElement(By.id("input-note")).getText())
          .contains("true label " + label + " (" + names.get(label) + ")");
      List<String> options =
          driver.findElements(By.cssSelector("#label option")).stream()
              .map(WebElement::getText)
              .toList();
      assertThat(options).contains("1 (Trouser)", "9 (Ankle boot)");
    }
  }

  @Test
  void aDrawingFromTheDrawPageIsExplainedToo() {
    driver.get(server.url());
    waitFor(
        driver,
        d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    DrawPageBrowserTest.drawWith(driver, DrawPageBrowserTest.verticalStroke());
    waitFor(driver, d -> d.findElement(By.id("digit")).getText().matches("\\d"));
    String digit = driver.findElement(By.id("digit")).getText();
    driver.findElement(By.id("inside")).click();
    waitFor(
        driver,
        d ->
            "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready"))
                && d.findElement(By.id("input-note")).getText().startsWith("Your drawing"));
    assertThat(driver.findElement(By.id("input-note")).getText())
        .contains("the network answers " + digit + ". Learning the label " + digit + ".");
    for (String p : PANELS) {
      assertThat(driver.findElement(By.id("plot-" + p)).getRect().width).as(p).isGreaterThan(100);
    }
  }

  @Test
  void takeTenStepsDrawsAFallingLoss() {
    open(driver, "test_index=" + DIGIT + "&label=" + (test.label(DIGIT) + 1) % 10, "#" + DIGIT);
    WebElement lr = driver.findElement(By.id("lr"));
    lr.clear();
    lr.sendKeys("0.001", Keys.TAB);
    WebElement chart = driver.findElement(By.id("loss-chart"));
    driver.findElement(By.id("step10")).click();
    waitFor(driver, d -> losses(chart).size() == 11);
    List<Double> l = losses(chart);
    for (int i = 1; i < l.size(); i++) {
      assertThat(l.get(i)).as("loss after step " + i).isLessThan(l.get(i - 1));
    }
    assertThat(driver.findElement(By.id("step-status")).getText())
        .startsWith("After 10 steps with lr 0.001: loss " + fmt(l.get(0)) + " → " + fmt(l.get(10)));
    driver.findElement(By.id("step1")).click();
    waitFor(driver, d -> losses(chart).size() == 12);
  }

  static List<Double> losses(WebElement chart) {
    String s = chart.getDomAttribute("data-losses");
    if (s == null) {
      return List.of();
    }
    JsonArray a = JsonParser.parseString(s).getAsJsonArray();
    return a.asList().stream().map(e -> e.getAsDouble()).toList();
  }

  @Test
  void aClickedWeightShowsItsCheckAndTheNotebooksVersionFailsIt() throws Exception {
    open(driver, "test_index=" + DIGIT, "#" + DIGIT);
    JsonObject a = api("{\"test_index\": " + DIGIT + "}");
    int label = a.get("label").getAsInt();
    int unit = strongest(a.getAsJsonArray("h1"));
    clickCheck("plot-dW2", (unit + 0.5) / 100, (label + 0.5) / 10, "W2:" + (unit * 10 + label));
    assertThat(driver.findElement(By.id("check-backprop")).getText())
        .isEqualTo(fmt(at(a, "dW2", unit * 10 + label)));
    double error = Double.parseDouble(driver.findElement(By.id("check-error")).getText());
    assertThat(error).isLessThan(1e-2);
    assertThat(driver.findElement(By.id("check-verdict")).getText()).startsWith("They agree");

    driver.findElement(By.id("notebook")).click();
    waitFor(
        driver,
        d ->
            d.findElement(By.id("plot-probs")).isDisplayed()
                && d.findElement(By.id("panel-probs")).getText().contains("relu(z2)"));
    int negative = 0;
    while (at(a, "z2", negative) >= 0) {
      negative++;
    }
    clickCheck(
        "plot-dW2", (unit + 0.5) / 100, (negative + 0.5) / 10, "W2:" + (unit * 10 + negative));
    assertThat(driver.findElement(By.id("check-numerical")).getText()).startsWith("0 ");
    assertThat(driver.findElement(By.id("check-verdict")).getText())
        .startsWith("They disagree")
        .contains("§12");
    driver.findElement(By.id("notebook")).click();
  }

  static int strongest(JsonArray v) {
    int best = 0;
    for (int i = 0; i < v.size(); i++) {
      best = v.get(i).getAsDouble() > v.get(best).getAsDouble() ? i : best;
    }
    return best;
  }

  static void clickCheck(String canvasId, double fx, double fy, String expected) {
    WebElement canvas = driver.findElement(By.id(canvasId));
    Rectangle r = canvas.getRect();
    new Actions(driver)
        .moveToElement(
            canvas, (int) Math.round((fx - 0.5) * r.width), (int) Math.round((fy - 0.5) * r.height))
        .click()
        .perform();
    waitFor(
        driver,
        d -> expected.equals(d.findElement(By.id("check-card")).getDomAttribute("data-checked")));
  }

  @Test
  void onAPhoneEveryPanelFitsAndATapShowsAValue() throws Exception {
    try (Browser phoneBrowser = Browser.start(390, 844, true)) {
      ChromeDriver phone = phoneBrowser.driver();
      open(phone, "test_index=" + DIGIT, "#" + DIGIT);
      Long overflow =
          (Long)
              phone.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as("page wider than the phone screen").isLessThanOrEqualTo(0L);
      for (String p : PANELS) {
        Rectangle r = phone.findElement(By.id("plot-" + p)).getRect();
        assertThat(r.x).as(p).isGreaterThanOrEqualTo(0);
        assertThat(r.x + r.width).as(p).isLessThanOrEqualTo(390);
      }
      JsonObject a = api("{\"test_index\": " + DIGIT + "}");
      assertShows(a, "dz1", tap(phone, "plot-dz1", 0.45, 0.55));
      DrawPageBrowserTest.saveFullPage(phone, Path.of("target", "screenshots", "step-phone.png"));
      assertThat(phoneBrowser.consoleErrors()).isEmpty();
    }
  }
}
