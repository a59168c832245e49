package org.mnistnn.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails half-way leaves the old file as it was and no temporary file behind. The first
 * test injects the failure (a writer that throws "No space left on device" after half the bytes);
 * the second fills a real, tiny file system.
 */
class AtomicFilesTest {
  @TempDir Path tmp;

  static long partFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    }
  }

  @Test
  void aWriterThatFailsHalfWayLeavesTheOldFileIntact() throws IOException {
    Path target = tmp.resolve("model.npz");
    Files.writeString(target, "old model");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[1000]);
                      throw new IOException("No space left on device");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No space left");
    assertThat(Files.readString(target)).isEqualTo("old model");
    assertThat(partFiles(tmp)).isZero();
  }

  @Test
  void aFullFileSystemLeavesTheOldFileIntact() throws Exception {
    try (TinyFileSystem fs = TinyFileSystem.mount(tmp.resolve("tiny"), 256, false)) {
      Path target = fs.dir().resolve("model.npz");
      AtomicFiles.write(target, new byte[150_000]);
      // the new version does not fit next to the old one: the disk fills during the write
      assertThatThrownBy(() -> AtomicFiles.write(target, new byte[200_000]))
          .isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(IoErrors.reason((IOException) e)).contains("No space"));
      assertThat(Files.size(target)).isEqualTo(150_000);
      assertThat(partFiles(fs.dir())).isZero();
    }
  }

  @Test
  void aReadOnlyFileSystemLeavesTheOldFileIntact() throws Exception {
    try (TinyFileSystem fs = TinyFileSystem.mount(tmp.resolve("ro"), 256, false)) {
      Path target = fs.dir().resolve("model.npz");
      AtomicFiles.write(target, new byte[1000]);
      fs.makeReadOnly();
      assertThatThrownBy(() -> AtomicFiles.write(target, new byte[10]))
          .isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(IoErrors.reason((IOException) e)).contains("Read-only"));
      assertThat(Files.size(target)).isEqualTo(1000);
    }
  }
}
