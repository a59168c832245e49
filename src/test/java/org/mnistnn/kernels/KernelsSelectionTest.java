package org.mnistnn.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up choice of kernels, including a JVM without the Vector API module. */
class KernelsSelectionTest {

  @Test
  void scalarCanBeForced() {
    Kernels.Choice c = Kernels.choose("scalar");
    assertThat(c.provider().name()).isEqualTo("scalar");
    assertThat(c.note()).contains("scalar");
  }

  @Test
  void autoPicksVectorWhenTheModuleIsPresentAndVectorsAreWide() {
    Kernels.Choice c = Kernels.choose("auto");
    if (VectorKernels.vectorBits() >= Kernels.MIN_VECTOR_BITS) {
      assertThat(c.provider().name()).isEqualTo("vector");
      assertThat(c.note()).contains("vector kernels").contains("-bit");
    } else {
      assertThat(c.provider().name()).isEqualTo("scalar");
      assertThat(c.note()).contains("-bit, fewer than");
    }
  }

  @Test
  void withoutTheModuleTheScalarKernelsAreUsedWithANote() throws Exception {
    String out = runProbe(List.of());
    assertThat(out).startsWith("scalar\n");
    assertThat(out).contains("Vector API is not available").contains("--add-modules");
  }

  @Test
  void withTheModuleTheChildJvmPicksTheSameAsThisOne() throws Exception {
    String out = runProbe(List.of("--add-modules", "jdk.incubator.vector"));
    assertThat(out).startsWith(Kernels.choose("auto").provider().name() + "\n");
  }

  /** Runs {@link KernelsProbe} in a fresh JVM with the given options and returns its stdout. */
  private static String runProbe(List<String> jvmOptions) throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    String cp = location(Kernels.class) + File.pathSeparator + location(KernelsProbe.class);
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", cp, KernelsProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    assertThat(p.exitValue()).as("probe exit code; output: " + out).isZero();
    return out;
  }

  private static String location(Class<?> c) {
    try {
      return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
