package org.mnistnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.mnistnn.util.UserException;

/**
 * The run folder ({@code --out}, default {@code runs/<timestamp>}): model.npz, metrics.csv,
 * loss.png, samples.png, report.html, weights.png and confusion.png. Each file is written
 * atomically.
 */
public final class RunFolder {
  public static final String MODEL = "model.npz";
  public static final String METRICS = "metrics.csv";
  public static final String LOSS_PLOT = "loss.png";
  public static final String SAMPLES = "samples.png";
  public static final String REPORT = "report.html";
  public static final String WEIGHTS = "weights.png";
  public static final String CONFUSION = "confusion.png";

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir;
  }

  /** The default folder {@code runs/yyyyMMdd-HHmmss}. */
  public static Path defaultPath() {
    return Paths.get(
        "runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /**
   * Creates (or reuses) {@code dir} and proves it is writable by creating and deleting a probe
   * file, so an unwritable folder fails before any training is done.
   */
  public static RunFolder prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(dir + ": --out names a file, not a folder; choose another path");
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new UserException(
          dir
              + ": cannot write the run folder ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "); choose a writable --out");
    }
    return new RunFolder(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path file(String name) {
    return dir.resolve(name);
  }
}
