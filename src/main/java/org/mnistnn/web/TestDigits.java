package org.mnistnn.web;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.IdxReader;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.MnistFile;
import org.mnistnn.data.MnistLoader;
import org.mnistnn.util.UserException;

/**
 * The MNIST test images behind the page's "show me a test digit" button, or a note saying why there
 * are none (the page then disables the button; the rest still works).
 */
public final class TestDigits {
  private final MnistDataset test;
  private final String note;

  private TestDigits(MnistDataset test, String note) {
    this.test = test;
    this.note = note;
  }

  /** The digits of {@code test}. */
  public static TestDigits of(MnistDataset test) {
    return new TestDigits(test, "");
  }

  /** No digits, for the reason given. */
  public static TestDigits unavailable(String note) {
    return new TestDigits(null, note);
  }

  /**
   * Loads the test set through the usual look-up ({@code --data}, {@code $MNIST_DATA}, the cache),
   * without fetching: a missing data set only disables the button.
   */
  public static TestDigits locate(Path dataOption, Consumer<String> log) {
    Path dir = DataLocator.choose(dataOption, log);
    Path images = MnistLoader.find(dir, MnistFile.TEST_IMAGES);
    Path labels = MnistLoader.find(dir, MnistFile.TEST_LABELS);
    if (images == null || labels == null) {
      return unavailable(
          "no MNIST test set in " + dir + "; run ./mnist-nn download to enable test digits");
    }
    try {
      return of(IdxReader.readDataset(images, labels));
    } catch (UserException e) {
      return unavailable(e.getMessage());
    }
  }

  public boolean available() {
    return test != null && test.count() > 0;
  }

  /** Why there are no digits ("" when there are). */
  public String note() {
    return note;
  }

  public int count() {
    return test == null ? 0 : test.count();
  }

  /** A uniformly random index. */
  public int randomIndex() {
    return ThreadLocalRandom.current().nextInt(count());
  }

  public int label(int i) {
    return test.label(i);
  }

  /** Image {@code i} scaled to [0, 1], (rows × cols). */
  public float[] pixels(int i) {
    float[] x = new float[test.pixels()];
    int[] y = new int[1];
    test.copyBatch(new int[] {i}, 0, 1, x, y);
    return x;
  }
}
