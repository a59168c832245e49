package org.mnistnn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of(), out))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("chromium chromium-driver")
        .hasMessageContaining("skipped: CI is not set");
    // Maven shows a class skipped in @BeforeAll as "Tests run: 0", so the reason is printed too
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .contains("apt-get install -y chromium chromium-driver")
        .endsWith("(skipped: CI is not set)");
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of("CI", "false"), null))
        .isInstanceOf(TestAbortedException.class);
    printed.reset();
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of("CI", "true"), out))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("chromium chromium-driver")
        .hasMessageContaining("CI=true: browser tests must run here");
    assertThat(printed.size()).isZero();
    assertThatThrownBy(() -> Browser.whenMissing(what, Map.of("CI", "1"), out))
        .isInstanceOf(AssertionFailedError.class);
  }
}
