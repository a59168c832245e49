package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.gradcheck.GradientCheck;
import picocli.CommandLine;

class GradcheckCommandTest {
  @TempDir Path empty;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(GradcheckCommand command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void passesOnTheRealBackwardAndSaysTheImagesAreSynthetic() {
    int code =
        run(new GradcheckCommand(), "--hidden", "6", "--images", "4", "--data", empty.toString());
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("synthetic images")
        .contains("gradcheck passed")
        .doesNotContain("FAIL");
    assertThat(out.toString().lines().filter(l -> l.endsWith("pass"))).hasSize(8);
  }

  @Test
  void failsWithExitOneWhenOneDerivativeIsBroken() {
    GradientCheck.Backprop brokenDb2 =
        (net, x, y, n, l2) -> {
          double[][] g = net.backward(x, y, n, l2);
          g[3][0] += 1e-3;
          return g;
        };
    int code =
        run(
            new GradcheckCommand(brokenDb2),
            "--hidden",
            "6",
            "--images",
            "4",
            "--data",
            empty.toString());
    assertThat(code).isEqualTo(Main.EXIT_FAILURE);
    assertThat(out.toString()).containsPattern("b2 .*FAIL").contains("gradcheck FAILED");
    assertThat(err.toString()).startsWith("error: ").hasLineCount(1);
  }

  @Test
  void isRegisteredInMainAndRejectsBadValues() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("gradcheck");
    assertThat(Main.run("gradcheck", "--images", "0")).isEqualTo(Main.EXIT_USAGE);
  }
}
