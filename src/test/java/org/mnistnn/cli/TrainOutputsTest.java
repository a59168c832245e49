package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.util.TinyFileSystem;

/** Where train writes: only into its run folder, and nothing at all onto a full disk. */
class TrainOutputsTest {
  @TempDir Path tmp;

  static Set<String> tree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void trainWritesOnlyInsideItsRunFolder() throws Exception {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 64, 32, 1);
    Path out = tmp.resolve("runs/a");
    Set<String> before = tree(tmp);
    Set<String> cwdBefore = tree(Path.of("").toAbsolutePath());
    Cli r =
        Cli.run(
            "train",
            "--epochs",
            "1",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Set<String> added = tree(tmp);
    added.removeAll(before);
    assertThat(added)
        .allMatch(p -> p.equals("runs") || p.startsWith("runs/a"))
        .contains("runs/a/model.npz", "runs/a/metrics.csv");
    assertThat(tree(out)).noneMatch(p -> p.endsWith(".part") || p.startsWith(".write-test"));
    assertThat(tree(Path.of("").toAbsolutePath())).isEqualTo(cwdBefore);
  }

  @Test
  void aFullDiskIsRefusedBeforeTrainingWithOneLine() throws Exception {
    Path data = SyntheticMnist.write(tmp.resolve("data"), 64, 32, 1);
    try (TinyFileSystem fs = TinyFileSystem.mount(tmp.resolve("tiny"), 1024, false)) {
      Cli r =
          Cli.run(
              "train",
              "--epochs",
              "1",
              "--quiet",
              "--data",
              data.toString(),
              "--out",
              fs.dir().resolve("run").toString());
      assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(r.errorLines()).hasSize(1);
      assertThat(r.errorLines().get(0)).contains("MB free").contains("--out");
      assertThat(r.err()).doesNotContain("training 784");
    }
  }
}
