package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mnistnn.data.IdxReader;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.util.UserException;

/**
 * IDX files from outside (raw or gzip): random and mutated bytes either read as a consistent array
 * or are refused with one {@link UserException} line — never another exception, never an allocation
 * the file's actual size does not justify.
 */
class IdxFuzzTest {
  static Path dir;
  static byte[] images;
  static byte[] labels;

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("idx-fuzz");
    var d = SyntheticMnist.dataset(6, 1);
    images = SyntheticMnist.images(d);
    labels = SyntheticMnist.labels(d);
  }

  @AfterContainer
  static void tearDown() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** Writes {@code bytes} (gzip-compressed when asked) and reads them back as IDX. */
  static void readsOrRefuses(byte[] bytes, boolean gzip, int dims) throws IOException {
    Path f = dir.resolve("file");
    Files.write(f, gzip ? SyntheticMnist.gzip(bytes) : bytes);
    try {
      IdxReader.IdxArray a = IdxReader.read(f, dims);
      long n = 1;
      for (int d : a.dims()) {
        assertThat(d).isNotNegative();
        n *= d;
      }
      assertThat(a.dims()).hasSize(dims);
      assertThat((long) a.data().length).isEqualTo(n);
    } catch (UserException e) {
      Outcomes.isOneClearLine(e, f.toString());
    }
  }

  @Property(tries = 200)
  void randomBytes(@ForAll @Size(max = 3000) byte[] bytes, @ForAll boolean gzip)
      throws IOException {
    readsOrRefuses(bytes, gzip, 3);
  }

  @Property(tries = 300)
  void mutatedImageFiles(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits, @ForAll boolean gzip)
      throws IOException {
    readsOrRefuses(Outcomes.mutate(images, seed, edits), gzip, 3);
  }

  @Property(tries = 150)
  void mutatedLabelFiles(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int edits, @ForAll boolean gzip)
      throws IOException {
    readsOrRefuses(Outcomes.mutate(labels, seed, edits), gzip, 1);
  }

  /** A header followed by only 100 bytes of data. */
  static byte[] header(int... dims) throws IOException {
    var buf = new java.io.ByteArrayOutputStream();
    var out = new DataOutputStream(buf);
    out.writeInt(0x0800 | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(new byte[100]);
    return buf.toByteArray();
  }

  @Property(tries = 150)
  void headersThatPromiseMoreThanTheFileHoldsCostOnlyWhatItHolds(
      @ForAll @IntRange(min = 0) int count,
      @ForAll @IntRange(min = 0) int rows,
      @ForAll boolean gzip)
      throws IOException {
    byte[] file = header(count, rows, 28);
    long before = Outcomes.allocatedBytes();
    readsOrRefuses(file, gzip, 3);
    // a few MB of buffers at most (gzip and I/O buffers plus the first 1 MB chunk), never the
    // hundreds of MB the header may claim
    assertThat(Outcomes.allocatedBytes() - before).isLessThan(8L << 20);
  }

  @Example
  void aHeaderClaimingTenToTheTwelveItemsIsRejectedBeforeAllocation() throws IOException {
    Path f = Files.write(dir.resolve("huge"), header(10_000, 10_000, 10_000));
    long before = Outcomes.allocatedBytes();
    assertThatThrownBy(() -> IdxReader.read(f, 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("header claims more than");
    assertThat(Outcomes.allocatedBytes() - before).isLessThan(1L << 20);
  }
}
