package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.DataLocator.Location;
import org.mnistnn.data.DataLocator.Origin;
import org.mnistnn.util.UserException;

/** The look-up rules: fetch what is missing, verify, repair the cache, accept other data sets. */
class MnistProviderTest {
  @TempDir Path tmp;
  private TestServer server;
  private final SyntheticData data = SyntheticData.create(3);
  private final List<String> notes = new ArrayList<>();
  private URI mirror;

  @BeforeEach
  void start() throws IOException {
    server = new TestServer();
    for (FileSpec f : data.files.all()) {
      mirror = server.put("m", f.fileName() + ".gz", data.gzip(f));
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private MnistProvider provider(DataFiles files, URI... mirrors) {
    FetchConfig config =
        new FetchConfig(
            List.of(mirrors),
            List.of(),
            FetchConfig.NPM_PACKAGE,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10));
    return new MnistProvider(files, config, new RecordingListener(notes));
  }

  private MnistProvider provider() {
    return provider(data.files, mirror);
  }

  @Test
  void matchingFilesInTheChosenFolderAreVerifiedAndNothingIsFetched() throws IOException {
    Path dir = tmp.resolve("d");
    data.writeTo(dir);
    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.OPTION));
    assertThat(l.kind()).isEqualTo(MnistProvider.Kind.VERIFIED);
    assertThat(l.fetched()).isNull();
    assertThat(server.hits("m")).isZero();
    assertThat(l.data().train().count()).isEqualTo(3);
    assertThat(l.data().test().count()).isEqualTo(2);
    assertThat(l.data().train().pixel(2, 783))
        .isEqualTo(data.raw(data.files.trainImages())[16 + 2 * 784 + 783] & 0xFF);
  }

  @Test
  void gzipFilesAreCheckedByTheirDecompressedContent() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d"));
    for (FileSpec f : data.files.all()) {
      Files.write(dir.resolve(f.fileName() + ".gz"), data.gzip(f));
    }
    assertThat(provider().load(new Location(dir, Origin.ENVIRONMENT)).kind())
        .isEqualTo(MnistProvider.Kind.VERIFIED);
  }

  @Test
  void emptyCacheIsFetchedIntoOnDemand() throws IOException {
    Path dir = tmp.resolve("cache");
    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.CACHE));
    assertThat(l.kind()).isEqualTo(MnistProvider.Kind.VERIFIED);
    assertThat(l.fetched().sources()).hasSize(4);
    assertThat(server.hits("m")).isEqualTo(4);
  }

  @Test
  void chosenFolderIsNotFetchedIntoOnDemand() {
    Path dir = tmp.resolve("mnsit");
    assertThatThrownBy(() -> provider().load(new Location(dir, Origin.OPTION)))
        .isInstanceOf(UserException.class)
        .hasMessage(
            dir
                + ": the MNIST files are not there (looked for train-images-idx3-ubyte,"
                + " train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each"
                + " raw or .gz, or with a dot before idx: train-images.idx3-ubyte)); run"
                + " `./mnist-nn download --data "
                + dir
                + "` to fetch them there, or leave out --data to use the cache");
    assertThatThrownBy(() -> provider().load(new Location(dir, Origin.ENVIRONMENT)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unset MNIST_DATA");
    assertThat(server.hits("m")).isZero();
    assertThat(dir).doesNotExist();
  }

  @Test
  void oneMissingFileInAChosenFolderIsNamed() throws IOException {
    Path dir = tmp.resolve("d");
    data.writeTo(dir);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    assertThatThrownBy(() -> provider().load(new Location(dir, Origin.OPTION)))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            dir
                + ": t10k-labels-idx1-ubyte or t10k-labels.idx1-ubyte (raw or .gz) is missing;"
                + " run");
  }

  @Test
  void theKaggleSpellingAndOneFolderPerFileAreFound() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("kaggle"));
    for (FileSpec f : data.files.all()) {
      String dotted = f.fileName().replace("-idx", ".idx");
      if (f.dims() == 3) {
        Files.write(dir.resolve(dotted), data.raw(f));
      } else {
        Path folder = Files.createDirectories(dir.resolve(f.fileName()));
        Files.write(folder.resolve(f.fileName()), data.gzip(f));
      }
    }
    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.OPTION));
    assertThat(l.kind()).isEqualTo(MnistProvider.Kind.VERIFIED);
    assertThat(l.data().train().count()).isEqualTo(3);
    assertThat(server.hits("m")).isZero();
  }

  @Test
  void emptyChosenFolderIsFetchedIntoOnDownload() throws IOException {
    Path dir = tmp.resolve("new/sub");
    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.OPTION), true);
    assertThat(l.kind()).isEqualTo(MnistProvider.Kind.VERIFIED);
    assertThat(l.fetched().sources()).hasSize(4);
    assertThat(Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte")))
        .isEqualTo(data.raw(data.files.testLabels()));
  }

  @Test
  void onlyTheMissingFilesAreFetched() throws IOException {
    Path dir = tmp.resolve("d");
    data.writeTo(dir);
    Files.delete(dir.resolve("t10k-images-idx3-ubyte"));
    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.OPTION), true);
    assertThat(l.fetched().sources().keySet()).containsExactly(data.files.testImages());
    assertThat(server.hits("m")).isEqualTo(1);
  }

  @Test
  void anotherDataSetOfTheSameLayoutIsUsedWithANote() throws IOException {
    Path dir = tmp.resolve("d");
    SyntheticData.create(99).writeTo(dir);
    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.OPTION));
    assertThat(l.kind()).isEqualTo(MnistProvider.Kind.CUSTOM);
    assertThat(l.differing()).hasSize(4);
    assertThat(server.hits("m")).isZero();
    assertThat(notes)
        .anyMatch(n -> n.contains("differ from the MNIST checksums") && n.contains("3 training"));
  }

  @Test
  void anotherDataSetOfOtherImageSizeIsRefused() throws IOException {
    Path dir = tmp.resolve("d");
    SyntheticData.withSize(4, 5, 7).writeTo(dir);
    assertThatThrownBy(() -> provider().load(new Location(dir, Origin.OPTION)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("train-images-idx3-ubyte: images of 5×7 pixels")
        .hasMessageContaining("28×28");
  }

  @Test
  void missingFilesAreNotFetchedNextToAnotherDataSet() throws IOException {
    Path dir = tmp.resolve("d");
    SyntheticData.create(99).writeTo(dir);
    Files.delete(dir.resolve("train-labels-idx1-ubyte"));
    assertThatThrownBy(() -> provider().load(new Location(dir, Origin.OPTION), true))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("not the MNIST file")
        .hasMessageContaining("lacks train-labels-idx1-ubyte");
    assertThat(server.hits("m")).isZero();
    assertThat(dir.resolve("train-labels-idx1-ubyte")).doesNotExist();
  }

  @Test
  void truncatedFileInTheChosenFolderIsAnErrorNamingIt() throws IOException {
    Path dir = tmp.resolve("d");
    data.writeTo(dir);
    Path f = dir.resolve("train-images-idx3-ubyte");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
    assertThatThrownBy(() -> provider().load(new Location(dir, Origin.OPTION)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("truncated");
    assertThat(server.hits("m")).isZero();
  }

  @Test
  void corruptCacheFileIsFetchedAgain() throws IOException {
    Path dir = tmp.resolve("cache");
    data.writeTo(dir);
    Path f = dir.resolve("train-images-idx3-ubyte");
    Files.write(f, SyntheticData.corrupted(Files.readAllBytes(f)));
    Path g = dir.resolve("t10k-labels-idx1-ubyte");
    Files.write(g, new byte[] {0, 0, 8, 1}); // unreadable: header cut short

    MnistProvider.Loaded l = provider().load(new Location(dir, Origin.CACHE));

    assertThat(l.kind()).isEqualTo(MnistProvider.Kind.VERIFIED);
    assertThat(l.fetched().sources().keySet())
        .containsExactlyInAnyOrder(data.files.trainImages(), data.files.testLabels());
    assertThat(Files.readAllBytes(f)).isEqualTo(data.raw(data.files.trainImages()));
    assertThat(notes).anyMatch(n -> n.startsWith(f + " is corrupt (SHA-256"));
    assertThat(notes).anyMatch(n -> n.startsWith(g + " is corrupt (unreadable"));
  }

  @Test
  void corruptCacheFileStaysUntilAGoodCopyArrives() throws IOException {
    Path dir = tmp.resolve("cache");
    data.writeTo(dir);
    Path f = dir.resolve("train-images-idx3-ubyte");
    byte[] corrupt = SyntheticData.corrupted(Files.readAllBytes(f));
    Files.write(f, corrupt);

    assertThatThrownBy(
            () -> provider(data.files, server.base("empty")).load(new Location(dir, Origin.CACHE)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("could not fetch train-images-idx3-ubyte");
    assertThat(Files.readAllBytes(f)).isEqualTo(corrupt);
  }

  @Test
  void corruptGzipInTheCacheIsReplacedByARawFile() throws IOException {
    Path dir = tmp.resolve("cache");
    data.writeTo(dir);
    Path raw = dir.resolve("t10k-images-idx3-ubyte");
    Files.delete(raw);
    Path gz = dir.resolve("t10k-images-idx3-ubyte.gz");
    Files.write(gz, SyntheticData.gzip(SyntheticData.corrupted(data.raw(data.files.testImages()))));

    provider().load(new Location(dir, Origin.CACHE));

    assertThat(gz).doesNotExist();
    assertThat(Files.readAllBytes(raw)).isEqualTo(data.raw(data.files.testImages()));
  }

  @Test
  void aFileWhereTheFolderShouldBeIsAnError() throws IOException {
    Path file = Files.write(tmp.resolve("f"), new byte[3]);
    assertThatThrownBy(() -> provider().load(new Location(file, Origin.OPTION)))
        .isInstanceOf(UserException.class)
        .hasMessage(file + " is not a folder; pass --data with a folder");
  }
}
