package org.mnistnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.UserException;

/**
 * The run folder ({@code --out}, default {@code runs/<timestamp>}): model.npz, metrics.csv,
 * loss.png, samples.png, report.html, weights.png and confusion.png. Each file is written
 * atomically.
 *
 * <p>One trainer at a time: {@link #prepare} locks the folder ({@link RunLock}) until {@link
 * #close}, and removes the temporaries an earlier run killed mid-write left there. {@link #close}
 * also removes the folder again when this run created it and wrote nothing into it (a port that was
 * busy, a run that diverged before its first checkpoint).
 */
public final class RunFolder implements AutoCloseable {
  public static final String MODEL = "model.npz";
  public static final String METRICS = "metrics.csv";
  public static final String LOSS_PLOT = "loss.png";
  public static final String SAMPLES = "samples.png";
  public static final String REPORT = "report.html";
  public static final String WEIGHTS = "weights.png";
  public static final String CONFUSION = "confusion.png";

  /** Written by {@code train --augment ...} before the report, which then shows it too. */
  public static final String AUGMENT = "augment.png";

  private final Path dir;
  private final RunLock lock;
  // whether prepare made the folder, so that close may remove it again when it stayed empty
  private final boolean created;

  private RunFolder(Path dir, RunLock lock, boolean created) {
    this.dir = dir;
    this.lock = lock;
    this.created = created;
  }

  /** The default folder {@code runs/yyyyMMdd-HHmmss}. */
  public static Path defaultPath() {
    return Paths.get(
        "runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Bytes a run writes besides its model and checkpoint: plots, metrics, report. */
  private static final long OTHER_OUTPUTS = 8L * 1024 * 1024;

  /**
   * A generous estimate of the disk space a run needs for a network of {@code parameters}
   * parameters: model.npz and checkpoint.npz (weights plus up to two optimiser buffers per weight,
   * float32), each twice while an atomic write replaces the old file, plus plots and report.
   */
  public static long estimateBytes(long parameters) {
    long model = 4 * parameters;
    long checkpoint = 3 * model;
    return 2 * (model + checkpoint) + OTHER_OUTPUTS;
  }

  /** {@link #prepare(Path, long)} without a free-space check. */
  public static RunFolder prepare(Path dir) {
    return prepare(dir, 0);
  }

  /**
   * Creates (or reuses) {@code dir} and proves it is writable by creating and deleting a probe
   * file, and checks that its file system has at least {@code neededBytes} free, so an unwritable
   * or full folder fails before any training is done. Then locks it for this run (a second trainer
   * on the same folder is refused) and removes stale temporaries.
   */
  public static RunFolder prepare(Path dir, long neededBytes) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(dir + ": --out names a file, not a folder; choose another path");
    }
    boolean created = !Files.exists(dir);
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UserException(
          dir
              + ": cannot write the run folder ("
              + IoErrors.reason(e)
              + "); choose a writable --out");
    } catch (SecurityException e) {
      throw new UserException(dir + ": cannot write the run folder; choose a writable --out");
    }
    RunFolder run = new RunFolder(dir, RunLock.acquire(dir), created);
    try {
      run.lock.removeStaleTemporaries(dir);
      checkFreeSpace(dir, neededBytes);
    } catch (UserException e) {
      run.close();
      throw e;
    }
    return run;
  }

  /**
   * Releases the folder's lock; removes the folder when {@link #prepare} created it and nothing was
   * written into it.
   */
  @Override
  public void close() {
    lock.close();
    if (created) {
      try {
        Files.delete(dir); // only succeeds when empty
      } catch (IOException e) {
        // not empty (the run wrote something) or already gone: keep it as it is
      }
    }
  }

  private static void checkFreeSpace(Path dir, long neededBytes) {
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return; // the probe above showed we can write; an unknown size is no reason to refuse
    }
    if (free < neededBytes) {
      throw new UserException(
          String.format(
              java.util.Locale.ROOT,
              "%s: only %.1f MB free but a run writes up to %.1f MB; free some space or choose"
                  + " another --out",
              dir,
              free / 1e6,
              neededBytes / 1e6));
    }
  }

  public Path dir() {
    return dir;
  }

  public Path file(String name) {
    return dir.resolve(name);
  }
}
