package org.mnistnn.data;

import java.nio.file.Path;
import org.mnistnn.util.UserException;

/**
 * Loads the four MNIST files from one folder (each raw or as {@code name.gz}) without fetching or
 * checksums; the command line goes through {@link MnistProvider}, which adds both.
 */
public final class MnistLoader {
  private MnistLoader() {}

  /** The path of {@code file} in {@code dir} under any of its {@link DataNames}, or null. */
  public static Path find(Path dir, MnistFile file) {
    return DataNames.find(dir, file.fileName());
  }

  /** True when all four files are present in {@code dir}. */
  public static boolean isComplete(Path dir) {
    for (MnistFile f : MnistFile.values()) {
      if (find(dir, f) == null) {
        return false;
      }
    }
    return true;
  }

  /** Reads training and test sets from {@code dir}. */
  public static MnistData load(Path dir) {
    for (MnistFile f : MnistFile.values()) {
      if (find(dir, f) == null) {
        throw new UserException(
            dir
                + ": "
                + DataNames.described(f.fileName())
                + " is missing; run `./mnist-nn download` or point --data at a folder with the"
                + " four MNIST files");
      }
    }
    MnistDataset train =
        IdxReader.readDataset(find(dir, MnistFile.TRAIN_IMAGES), find(dir, MnistFile.TRAIN_LABELS));
    MnistDataset test =
        IdxReader.readDataset(find(dir, MnistFile.TEST_IMAGES), find(dir, MnistFile.TEST_LABELS));
    if (train.pixels() != test.pixels()) {
      throw new UserException(
          dir
              + ": training images are "
              + train.rows()
              + "×"
              + train.cols()
              + " but test images are "
              + test.rows()
              + "×"
              + test.cols());
    }
    return new MnistData(train, test);
  }
}
