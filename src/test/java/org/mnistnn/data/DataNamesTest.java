package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataNamesTest {
  @TempDir Path dir;

  @Test
  void looksForLeCunsAndKagglesSpellingsRawGzipAndInAFolderOfTheirOwn() {
    assertThat(DataNames.candidates("train-images-idx3-ubyte"))
        .containsExactly(
            "train-images-idx3-ubyte",
            "train-images-idx3-ubyte.gz",
            "train-images.idx3-ubyte",
            "train-images.idx3-ubyte.gz",
            "train-images-idx3-ubyte/train-images-idx3-ubyte",
            "train-images.idx3-ubyte/train-images.idx3-ubyte");
  }

  @Test
  void prefersTheOriginalNameAndSkipsDirectories() throws Exception {
    Files.createDirectory(dir.resolve("t10k-labels-idx1-ubyte"));
    Files.writeString(dir.resolve("t10k-labels.idx1-ubyte.gz"), "x");
    assertThat(DataNames.find(dir, "t10k-labels-idx1-ubyte"))
        .isEqualTo(dir.resolve("t10k-labels.idx1-ubyte.gz"));
    Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "x");
    assertThat(DataNames.find(dir, "t10k-labels-idx1-ubyte"))
        .isEqualTo(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    assertThat(DataNames.find(dir, "train-labels-idx1-ubyte")).isNull();
  }

  @Test
  void theMessageNamesEverySpelling() {
    assertThat(DataNames.described("t10k-labels-idx1-ubyte"))
        .isEqualTo("t10k-labels-idx1-ubyte or t10k-labels.idx1-ubyte (raw or .gz)");
    assertThat(DataNames.described(List.of("a-idx1-ubyte", "b-idx3-ubyte")))
        .isEqualTo(
            "a-idx1-ubyte, b-idx3-ubyte (each raw or .gz, or with a dot before idx:"
                + " a.idx1-ubyte)");
  }
}
