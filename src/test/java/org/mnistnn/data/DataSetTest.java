package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.util.UserException;

class DataSetTest {
  @TempDir Path dir;

  private static Map<String, String> sums(char c) {
    Map<String, String> m = new LinkedHashMap<>();
    for (MnistFile f : MnistFile.values()) {
      m.put(f.fileName(), String.valueOf(c).repeat(64));
    }
    return m;
  }

  @Test
  void knownChecksumsAreRecognisedByName() {
    assertThat(DataSet.identify(DataSet.MNIST.sha256(), dir)).isEqualTo(DataSet.MNIST);
    DataSet fashion = DataSet.identify(DataSet.FASHION_MNIST.sha256(), dir);
    assertThat(fashion.name()).isEqualTo("Fashion-MNIST");
    assertThat(fashion.className(9)).isEqualTo("Ankle boot");
    assertThat(fashion.digits()).isFalse();
  }

  /** The digests of Debian's dataset-fashion-mnist, where it is installed. */
  @Test
  void fashionMnistFilesAsDistributedMatchTheBuiltInChecksums() throws Exception {
    Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(fashion),
        "Fashion-MNIST is not installed (apt install dataset-fashion-mnist)");
    for (MnistFile f : MnistFile.values()) {
      Path p = DataNames.find(fashion, f.fileName());
      assertThat(Sha256.ofContent(p)).isEqualTo(DataSet.FASHION_MNIST.sha256().get(f.fileName()));
    }
  }

  @Test
  void otherDataTakeTheirNamesFromClassesTxt() throws Exception {
    assertThat(DataSet.identify(sums('a'), dir).classes()).isEqualTo(DataSet.DIGITS);
    Files.write(
        dir.resolve("classes.txt"),
        List.of(
            "zero", "one", "two", "three", "four", "", "five", "six", "seven", "eight", "nine"));
    DataSet custom = DataSet.identify(sums('a'), dir);
    assertThat(custom.name()).isEqualTo("custom");
    assertThat(custom.className(5)).isEqualTo("five");
    Files.write(dir.resolve("classes.txt"), List.of("a", "b"));
    assertThatThrownBy(() -> DataSet.identify(sums('a'), dir))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("2 class names, but the labels are 0–9");
  }

  @Test
  void theMetaRoundTripsAndOldModelsAreMnist() {
    DataSet custom = new DataSet("custom", sums('b'), DataSet.DIGITS);
    JsonObject meta = new JsonObject();
    meta.add("dataset", JsonParser.parseString(custom.toJson().toString()));
    assertThat(DataSet.of(meta)).isEqualTo(custom);
    assertThat(DataSet.of(new JsonObject())).isEqualTo(DataSet.MNIST);
    JsonObject damaged = new JsonObject();
    damaged.add("dataset", new JsonObject());
    assertThatThrownBy(() -> DataSet.of(damaged)).isInstanceOf(UserException.class);
  }

  @Test
  void aMismatchIsOneNoteNamingBoth() {
    assertThat(DataSet.MNIST.mismatchNote("m.npz", DataSet.MNIST)).isNull();
    assertThat(DataSet.FASHION_MNIST.mismatchNote("m.npz", DataSet.MNIST))
        .isEqualTo(
            "note: m.npz was trained on Fashion-MNIST, but these data are MNIST; its answers here"
                + " say little");
  }
}
