package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ChromeTest {
  @Test
  void aMissingBrowserFailsTheTestWithTheInstallCommand() {
    assertThatThrownBy(() -> Chrome.find("/nonexistent:/also-not-here", "chromium"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("chromium is not installed")
        .hasMessageContaining("apt-get install -y chromium chromium-driver");
  }

  @Test
  void findsAnExecutableOnThePath() {
    assertThat(Chrome.find("/nonexistent:/bin:/usr/bin", "no-such-tool", "sh"))
        .isIn(Path.of("/bin/sh"), Path.of("/usr/bin/sh"));
  }
}
