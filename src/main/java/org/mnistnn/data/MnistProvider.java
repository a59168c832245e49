package org.mnistnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mnistnn.data.DataLocator.Location;
import org.mnistnn.data.DataLocator.Origin;
import org.mnistnn.data.IdxReader.IdxArray;
import org.mnistnn.util.UserException;

/**
 * Gets the data set from a folder, fetching what is missing and checking what is there.
 *
 * <ul>
 *   <li>Missing files are fetched on demand ({@code train}, {@code evaluate}) into the cache only.
 *       A folder the user named ({@code --data} or {@code $MNIST_DATA}) is fetched into only when
 *       the user asks for it with {@code download}: a mistyped {@code --data ~/mnsit} should fail
 *       with a clear line, not start a 55 MB download into a new folder. Files are never fetched
 *       next to present files that fail the checksums: that folder holds some other data set, and
 *       mixing the two would be wrong.
 *   <li>Every file is hashed while it is read (no second pass over the file), and compared with the
 *       expected SHA-256.
 *   <li>In the cache a mismatch or unreadable file means corruption: the file is fetched again
 *       (with a note) and replaces the bad one atomically. The cache is ours and its content is
 *       reproducible, so repairing it beats asking the user to.
 *   <li>In a folder the user chose, a mismatch means another data set: it is used as it is when it
 *       has the same layout (same names, images of 28×28, labels 0–9), with a note naming the files
 *       that differ. Unreadable files there are errors.
 * </ul>
 */
public final class MnistProvider {
  private final DataFiles files;
  private final Fetcher fetcher;
  private final FetchListener listener;

  public MnistProvider(DataFiles files, FetchConfig config, FetchListener listener) {
    this.files = files;
    this.fetcher = new Fetcher(config, listener);
    this.listener = listener;
  }

  /** Whether the data is the expected data set or another one of the same layout. */
  public enum Kind {
    /** Every file matched its SHA-256. */
    VERIFIED,
    /** Some file differs: another data set in the same layout, from a folder the user chose. */
    CUSTOM
  }

  /**
   * The result of a load.
   *
   * @param fetched what was fetched, or null when every file was already there
   * @param differing the files whose checksum differs (empty when {@code VERIFIED})
   */
  public record Loaded(
      MnistData data,
      Location location,
      Kind kind,
      Fetcher.Report fetched,
      List<FileSpec> differing) {}

  /** Loads the data set from {@code loc} on demand: fetches into the cache only. */
  public Loaded load(Location loc) {
    return load(loc, false);
  }

  /**
   * Loads the data set from {@code loc}, fetching and repairing as described above.
   *
   * @param download the user asked to download: fetch into any chosen folder, not only the cache
   */
  public Loaded load(Location loc, boolean download) {
    Path dir = loc.dir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(dir + " is not a folder; pass --data with a folder");
    }
    Fetcher.Report fetched = null;
    List<FileSpec> missing = missing(dir);
    if (!missing.isEmpty()) {
      if (loc.origin() != Origin.CACHE && missing.size() < files.all().size()) {
        refuseToMix(dir, missing);
      }
      if (loc.origin() != Origin.CACHE && !download) {
        throw notThere(loc, missing);
      }
      listener.note(dir + ": fetching " + names(missing));
      fetched = fetcher.fetch(dir, missing);
    }
    Contents c = readAll(dir);
    if (loc.origin() == Origin.CACHE && !c.bad().isEmpty()) {
      c.bad().forEach((f, why) -> listener.note(find(dir, f) + " is corrupt (" + why + ")"));
      listener.note(dir + ": fetching " + names(c.bad().keySet()) + " again");
      fetched = merge(fetched, fetcher.fetch(dir, new ArrayList<>(c.bad().keySet())));
      c = readAll(dir);
      if (!c.bad().isEmpty()) {
        FileSpec f = c.bad().keySet().iterator().next();
        throw new UserException(
            find(dir, f)
                + " is still corrupt after fetching it again ("
                + c.bad().get(f)
                + "); delete "
                + dir
                + " and run `./mnist-nn download`");
      }
    }
    c.rethrowFirstError();
    MnistData data = assemble(dir, c);
    List<FileSpec> differing = new ArrayList<>(c.mismatched().keySet());
    if (!differing.isEmpty()) {
      listener.note(
          dir
              + ": "
              + names(differing)
              + " differ from the MNIST checksums; using them as another data set of the same"
              + " layout ("
              + data.train().count()
              + " training and "
              + data.test().count()
              + " test images)");
    }
    return new Loaded(
        data, loc, differing.isEmpty() ? Kind.VERIFIED : Kind.CUSTOM, fetched, differing);
  }

  /** The expected files that are in {@code dir} neither raw nor as {@code .gz}. */
  List<FileSpec> missing(Path dir) {
    return files.all().stream().filter(f -> find(dir, f) == null).toList();
  }

  /** The error for a chosen folder that lacks files when fetching was not asked for. */
  private UserException notThere(Location loc, List<FileSpec> missing) {
    Path dir = loc.dir();
    String what =
        missing.size() == files.all().size()
            ? "the MNIST files are not there"
            : names(missing) + " (or .gz) " + (missing.size() == 1 ? "is" : "are") + " missing";
    String fix =
        loc.origin() == Origin.OPTION
            ? "run `./mnist-nn download --data "
                + dir
                + "` to fetch them there, or leave out --data"
                + " to use the cache"
            : "run `./mnist-nn download` to fetch them there, or unset MNIST_DATA to use the cache";
    return new UserException(dir + ": " + what + "; " + fix);
  }

  /** Throws when the present files are not the expected ones: fetching would mix data sets. */
  private void refuseToMix(Path dir, List<FileSpec> missing) {
    for (FileSpec f : files.all()) {
      Path p = find(dir, f);
      if (p == null) {
        continue;
      }
      String actual;
      try {
        actual = Sha256.ofContent(p);
      } catch (IOException e) {
        actual = "unreadable";
      }
      if (!actual.equals(f.sha256())) {
        throw new UserException(
            dir
                + " holds "
                + p.getFileName()
                + ", which is not the MNIST file, but lacks "
                + names(missing)
                + "; add the missing files of that data set, or run `./mnist-nn download --data`"
                + " with an empty folder to fetch MNIST there");
      }
    }
  }

  /** Every file parsed and hashed in one pass; per file, its array or why it is bad. */
  private Contents readAll(Path dir) {
    Map<FileSpec, IdxArray> arrays = new LinkedHashMap<>();
    Map<FileSpec, String> bad = new LinkedHashMap<>();
    Map<FileSpec, UserException> errors = new LinkedHashMap<>();
    Map<FileSpec, String> mismatched = new LinkedHashMap<>();
    for (FileSpec f : files.all()) {
      Path p = find(dir, f);
      if (p == null) {
        bad.put(f, "missing");
        errors.put(f, new UserException(dir + ": " + f.fileName() + " (or .gz) is missing"));
        continue;
      }
      var digest = Sha256.newDigest();
      try {
        arrays.put(f, IdxReader.read(p, f.dims(), digest));
      } catch (UserException e) {
        bad.put(f, "unreadable: " + e.getMessage());
        errors.put(f, e);
        continue;
      }
      String actual = Sha256.hex(digest);
      if (!actual.equals(f.sha256())) {
        mismatched.put(f, actual);
        bad.put(
            f, "SHA-256 " + Sha256.shortHex(actual) + ", expected " + Sha256.shortHex(f.sha256()));
      }
    }
    return new Contents(arrays, bad, errors, mismatched);
  }

  /** Builds the two data sets, checking the image size the network needs. */
  private MnistData assemble(Path dir, Contents c) {
    return new MnistData(
        dataset(dir, c, files.trainImages(), files.trainLabels()),
        dataset(dir, c, files.testImages(), files.testLabels()));
  }

  private MnistDataset dataset(Path dir, Contents c, FileSpec images, FileSpec labels) {
    IdxArray img = c.arrays().get(images);
    Path imgPath = find(dir, images);
    if (img.dims()[1] != files.rows() || img.dims()[2] != files.cols()) {
      throw new UserException(
          imgPath
              + ": images of "
              + img.dims()[1]
              + "×"
              + img.dims()[2]
              + " pixels, but the network reads "
              + files.rows()
              + "×"
              + files.cols()
              + " (the MNIST layout); use a data set of that size");
    }
    return IdxReader.toDataset(img, imgPath, c.arrays().get(labels), find(dir, labels));
  }

  private static Path find(Path dir, FileSpec f) {
    Path raw = dir.resolve(f.fileName());
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    Path gz = dir.resolve(f.fileName() + ".gz");
    return Files.isRegularFile(gz) ? gz : null;
  }

  private static String names(java.util.Collection<FileSpec> specs) {
    return specs.stream().map(FileSpec::fileName).collect(Collectors.joining(", "));
  }

  private static Fetcher.Report merge(Fetcher.Report a, Fetcher.Report b) {
    if (a == null) {
      return b;
    }
    Map<FileSpec, String> sources = new LinkedHashMap<>(a.sources());
    sources.putAll(b.sources());
    return new Fetcher.Report(sources, a.bytes() + b.bytes(), a.seconds() + b.seconds());
  }

  /**
   * What {@link #readAll} found.
   *
   * @param arrays the files that parsed
   * @param bad every file that is missing, unreadable or mismatched, with the reason
   * @param errors the read errors, to rethrow
   * @param mismatched parsed files whose SHA-256 differs, with the actual digest
   */
  private record Contents(
      Map<FileSpec, IdxArray> arrays,
      Map<FileSpec, String> bad,
      Map<FileSpec, UserException> errors,
      Map<FileSpec, String> mismatched) {
    void rethrowFirstError() {
      if (!errors.isEmpty()) {
        throw errors.values().iterator().next();
      }
    }
  }
}
