package org.mnistnn.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnistnn.testing.Browser;
import org.mnistnn.testing.TrainedRun;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Opens the report.html of a real training run in headless Chromium, with every host name made
 * unresolvable, and checks that each figure loaded and the console stayed clean.
 */
class ReportBrowserTest {
  @Test
  void everyImageLoadsWithoutNetworkAndTheConsoleIsClean() throws Exception {
    TrainedRun.Result run = TrainedRun.get();
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    try (Browser browser = Browser.start("--host-resolver-rules=MAP * ~NOTFOUND")) {
      browser.driver().get(run.file(RunFolder.REPORT).toUri().toString());
      assertThat(browser.driver().getTitle()).contains("test accuracy");

      List<WebElement> images = browser.driver().findElements(By.tagName("img"));
      // 2 curves + weights + 20 mistakes + 30 samples.
      assertThat(images).hasSizeGreaterThanOrEqualTo(3 + HtmlReport.SAMPLES);
      for (WebElement img : images) {
        assertThat(img.getAttribute("src")).startsWith("data:image/png;base64,");
        Object width =
            browser
                .driver()
                .executeScript(
                    "return arguments[0].complete ? arguments[0].naturalWidth : -1;", img);
        assertThat(((Number) width).intValue())
            .as("naturalWidth of <img alt=\"%s\">", img.getAttribute("alt"))
            .isPositive();
      }
      assertThat(browser.driver().findElements(By.cssSelector("#mistakes figure.digit.wrong")))
          .hasSize(HtmlReport.MISTAKES);
      assertThat(browser.driver().findElements(By.cssSelector("table.confusion td"))).hasSize(100);
      assertThat(browser.consoleErrors()).isEmpty();
    }
    String html = Files.readString(run.file(RunFolder.REPORT));
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
  }
}
