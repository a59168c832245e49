package org.mnistnn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The plumbing can see what the report test relies on: console errors and broken images. */
class BrowserTest {
  @TempDir Path dir;

  @Test
  void seesConsoleErrorsAndImagesThatDidNotLoad() throws Exception {
    Path page = dir.resolve("broken.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
            + "<img id=\"bad\" src=\"data:image/png;base64,AAAA\">"
            + "<script>console.error('deliberate error');</script></body></html>");
    try (Browser browser = Browser.start()) {
      browser.driver().get(page.toUri().toString());
      Object width =
          browser
              .driver()
              .executeScript(
                  "return arguments[0].naturalWidth;", browser.driver().findElement(By.id("bad")));
      assertThat(((Number) width).intValue()).isZero();
      assertThat(browser.consoleErrors()).anyMatch(m -> m.contains("deliberate error"));
    }
  }

  @Test
  void findsTheFirstExecutableOnThePathOrNothing() {
    assertThat(Browser.find("/nonexistent:/bin:/usr/bin", "no-such-tool", "sh"))
        .isIn(Path.of("/bin/sh"), Path.of("/usr/bin/sh"));
    assertThat(Browser.find("/nonexistent:/also-not-here", "chromium")).isNull();
  }

  @Test
  void aMissingBrowserIsReportedWithTheInstallCommand() {
    assertThat(Browser.missingMessage(false, true))
        .contains("found chromium: false, chromedriver: true")
        .contains("apt-get install -y chromium chromium-driver");
  }

  @Test
  void aMissingBrowserSkipsOnADeveloperMachineAndFailsInCi() {
    String what = Browser.missingMessage(false, false);
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("chromium chromium-driver")
        .hasMessageContaining("skipped: CI is not set");
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of("CI", "false")))
        .isInstanceOf(TestAbortedException.class);
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of("CI", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("chromium chromium-driver")
        .hasMessageContaining("CI=true: browser tests must run here");
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of("CI", "1")))
        .isInstanceOf(AssertionFailedError.class);
  }
}
