package org.mnistnn.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.util.TinyFileSystem;
import org.mnistnn.util.UserException;

/** An unwritable or full run folder is refused before any training is done. */
class RunFolderTest {
  @TempDir Path tmp;

  /** The default 784-100-10 network. */
  static final long PARAMETERS = 784L * 100 + 100 + 100 * 10 + 10;

  @Test
  void aWritableFolderIsCreatedAndLeftClean() throws Exception {
    Path dir = tmp.resolve("a/b");
    try (RunFolder run = RunFolder.prepare(dir, RunFolder.estimateBytes(PARAMETERS))) {
      assertThat(run.dir()).isDirectory();
      try (var files = Files.list(run.dir())) {
        assertThat(files).as("only the lock").containsExactly(dir.resolve(".lock"));
      }
    }
    assertThat(dir).as("created, then left empty: removed").doesNotExist();
    assertThat(tmp.resolve("a")).isDirectory();
  }

  @Test
  void theEstimateCoversModelAndCheckpoint() {
    long model = 4 * PARAMETERS;
    assertThat(RunFolder.estimateBytes(PARAMETERS)).isGreaterThan(4 * model);
  }

  @Test
  void aFileInTheWayIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThatThrownBy(() -> RunFolder.prepare(file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("not a folder");
  }

  @Test
  void aFullDiskIsRefusedBeforeTraining() throws Exception {
    try (TinyFileSystem fs = TinyFileSystem.mount(tmp.resolve("tiny"), 512, false)) {
      assertThatThrownBy(
              () -> RunFolder.prepare(fs.dir().resolve("run"), RunFolder.estimateBytes(PARAMETERS)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("MB free")
          .hasMessageContaining("--out");
    }
  }

  @Test
  void aReadOnlyDiskIsRefusedBeforeTraining() throws Exception {
    try (TinyFileSystem fs = TinyFileSystem.mount(tmp.resolve("ro"), 512, true)) {
      assertThatThrownBy(() -> RunFolder.prepare(fs.dir()))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("Read-only file system")
          .hasMessageContaining("--out");
    }
  }
}
