package org.mnistnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.learn.Seeds;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.util.UserException;

/**
 * A model file costs what its arrays cost: entries that are not arrays are not read at all, and
 * where an archive must be read as a stream, every inflated byte counts toward the limit (issue 19,
 * point 3).
 */
class ModelFileEntriesTest {
  @TempDir Path tmp;

  /** A small model plus a deflated entry {@code notes.txt} of {@code noteBytes} random bytes. */
  private byte[] modelWithNotes(int noteBytes) throws IOException {
    Path f = tmp.resolve("plain.npz");
    ModelFile.save(f, TwoLayerNet.initialised(784, 4, 10, Seeds.random(1)), new JsonObject());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(f));
        ZipOutputStream out = new ZipOutputStream(buf)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(in.readAllBytes());
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("notes.txt"));
      byte[] notes = new byte[noteBytes];
      new Random(3).nextBytes(notes);
      out.write(notes);
      out.closeEntry();
    }
    return buf.toByteArray();
  }

  @Test
  void anEntryThatIsNotAnArrayIsNeverRead() throws IOException {
    byte[] zip = modelWithNotes(100_000);
    // damage notes.txt's compressed data: reading it would fail its checksum or inflation
    int at = indexOf(zip, "notes.txt".getBytes(StandardCharsets.US_ASCII)) + 9 + 1000;
    for (int i = 0; i < 200; i++) {
      zip[at + i] ^= (byte) 0x5A;
    }
    Path f = Files.write(tmp.resolve("with-notes.npz"), zip);
    assertThat(ModelFile.load(f).net().hidden).isEqualTo(4);
  }

  @Test
  void readAsAStreamEveryInflatedByteCounts() throws IOException {
    byte[] zip = modelWithNotes(2 << 20);
    assertThatThrownBy(() -> ModelFile.read(new ByteArrayInputStream(zip), "notes.npz", 1 << 20))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("notes.npz")
        .hasMessageContaining("expands beyond");
    assertThat(ModelFile.read(new ByteArrayInputStream(zip), "notes.npz", 4 << 20).net().hidden)
        .isEqualTo(4);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
