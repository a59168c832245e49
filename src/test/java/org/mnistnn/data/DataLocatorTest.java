package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.DataLocator.Origin;

class DataLocatorTest {
  private static final String HOME = "/home/u";

  @Test
  void optionComesFirst() {
    var loc = DataLocator.locate(Paths.get("mine"), Map.of("MNIST_DATA", "/env"), HOME);
    assertThat(loc.dir()).isEqualTo(Paths.get("mine"));
    assertThat(loc.origin()).isEqualTo(Origin.OPTION);
  }

  @Test
  void thenTheEnvironment() {
    var loc = DataLocator.locate(null, Map.of("MNIST_DATA", "/env"), HOME);
    assertThat(loc.dir()).isEqualTo(Paths.get("/env"));
    assertThat(loc.origin()).isEqualTo(Origin.ENVIRONMENT);
  }

  @Test
  void thenTheCacheUnderHomeOrXdgCacheHome() {
    var loc = DataLocator.locate(null, Map.of("MNIST_DATA", " "), HOME);
    assertThat(loc.dir()).isEqualTo(Path.of("/home/u/.cache/mnist-nn/mnist"));
    assertThat(loc.origin()).isEqualTo(Origin.CACHE);
    assertThat(DataLocator.locate(null, Map.of("XDG_CACHE_HOME", "/xdg"), HOME).dir())
        .isEqualTo(Path.of("/xdg/mnist-nn/mnist"));
  }
}
