package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServeCommandTest {
  @Test
  void aBadPortIsAUsageError() {
    PredictCommandTest.Run r =
        PredictCommandTest.run("serve", "--model", "m.npz", "--port", "70000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--port must be between 0 and 65535, got 70000");
    assertThat(PredictCommandTest.run("train", "--serve", "--port", "-1").code()).isEqualTo(2);
  }

  @Test
  void aMissingModelIsOneClearLine() {
    PredictCommandTest.Run r = PredictCommandTest.run("serve", "--model", "/nonexistent/m.npz");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: /nonexistent/m.npz: model file not found; train one with `./mnist-nn train`");
  }
}
