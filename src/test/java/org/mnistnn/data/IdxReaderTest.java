package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.IdxReader.IdxArray;
import org.mnistnn.util.UserException;

/** IdxReader on the hand-made files in src/test/resources/org/mnistnn/data/idx (see README.md). */
class IdxReaderTest {
  private static Path resource(String name) {
    try {
      return Paths.get(IdxReaderTest.class.getResource("idx/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource idx/" + name + " is missing", e);
    }
  }

  private static void assertGoodImages(IdxArray a) {
    assertThat(a.dims()).containsExactly(2, 3, 3);
    assertThat(a.data()).hasSize(18);
    for (int i = 0; i < 18; i++) {
      assertThat(a.data()[i] & 0xFF).isEqualTo(14 * i);
    }
  }

  @Test
  void readsGoodImagesAndLabels() {
    assertGoodImages(IdxReader.read(resource("good-images-idx3-ubyte"), 3));
    IdxArray labels = IdxReader.read(resource("good-labels-idx1-ubyte"), 1);
    assertThat(labels.dims()).containsExactly(2);
    assertThat(labels.data()).containsExactly(3, 7);
  }

  @Test
  void readsGzipDetectedByMagicNotByName() {
    assertGoodImages(IdxReader.read(resource("good-images.gz"), 3));
    assertGoodImages(IdxReader.read(resource("gzip-without-suffix-idx3-ubyte"), 3));
  }

  @Test
  void digestSeesTheDecompressedBytes() throws Exception {
    MessageDigest fromGzip = Sha256.newDigest();
    IdxReader.read(resource("good-images.gz"), 3, fromGzip);
    String expected = Sha256.ofContent(resource("good-images-idx3-ubyte"));
    assertThat(Sha256.hex(fromGzip)).isEqualTo(expected);
    assertThat(Sha256.ofContent(resource("good-images.gz"))).isEqualTo(expected);
  }

  @Test
  void buildsADatasetFromImagesAndLabels() {
    MnistDataset d =
        IdxReader.readDataset(
            resource("good-images-idx3-ubyte"), resource("good-labels-idx1-ubyte"));
    assertThat(d.count()).isEqualTo(2);
    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.label(1)).isEqualTo(7);
    assertThat(d.pixel(1, 8)).isEqualTo(14 * 17);
  }

  @Test
  void rejectsTruncatedData() {
    assertThatThrownBy(() -> IdxReader.read(resource("truncated-images-idx3-ubyte"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("truncated-images-idx3-ubyte")
        .hasMessageContaining("promises 18 data bytes but only 10");
  }

  @Test
  void rejectsTruncatedHeader() {
    assertThatThrownBy(() -> IdxReader.read(resource("truncated-header-idx3-ubyte"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("truncated IDX header");
  }

  @Test
  void rejectsTruncatedGzip() {
    assertThatThrownBy(() -> IdxReader.read(resource("truncated-gzip.gz"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("truncated-gzip.gz");
  }

  @Test
  void rejectsWrongMagicAndHtml() {
    assertThatThrownBy(() -> IdxReader.read(resource("wrong-magic-idx3-ubyte"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("magic number 0x00000903");
    assertThatThrownBy(() -> IdxReader.read(resource("html-error-page"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("not an IDX file");
  }

  @Test
  void rejectsWrongNumberOfDimensions() {
    assertThatThrownBy(() -> IdxReader.read(resource("good-labels-idx1-ubyte"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("expected 0x00000803");
  }

  @Test
  void rejectsTrailingData() {
    assertThatThrownBy(() -> IdxReader.read(resource("trailing-data-idx3-ubyte"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("trailing data");
  }

  @Test
  void rejectsHugeClaimedSizeBeforeAllocating() {
    assertThatThrownBy(() -> IdxReader.read(resource("huge-claimed-size-idx3-ubyte"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("header claims more than");
  }

  @Test
  void rejectsLabelsThatAreNotDigits() {
    assertThatThrownBy(
            () ->
                IdxReader.readDataset(
                    resource("good-images-idx3-ubyte"), resource("bad-label-idx1-ubyte")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("label 12 at index 1");
  }

  @Test
  void rejectsEmptyAndMissingFiles() {
    assertThatThrownBy(() -> IdxReader.read(resource("empty"), 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("empty or truncated");
    Path missing = resource("empty").resolveSibling("no-such-file");
    assertThatThrownBy(() -> IdxReader.read(missing, 3))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("file not found");
  }
}
