package org.mnistnn.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A small, learnable stand-in for MNIST for tests: 28×28 images whose label decides where a bright
 * 8×8 square sits, plus noise. Written as the four IDX files so the real loading path is used.
 */
public final class SyntheticMnist {
  public static final int SIDE = 28;

  private SyntheticMnist() {}

  /** {@code n} images and labels drawn from {@code seed}. */
  public static MnistDataset dataset(int n, long seed) {
    Random rng = new Random(seed);
    byte[] images = new byte[n * SIDE * SIDE];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int label = rng.nextInt(10);
      labels[i] = (byte) label;
      int top = 2 + (label / 5) * 12 + rng.nextInt(3);
      int left = 1 + (label % 5) * 5 + rng.nextInt(2);
      for (int p = 0; p < SIDE * SIDE; p++) {
        int r = p / SIDE;
        int c = p % SIDE;
        boolean ink = r >= top && r < top + 8 && c >= left && c < left + 5;
        int v = ink ? 180 + rng.nextInt(76) : rng.nextInt(40);
        images[i * SIDE * SIDE + p] = (byte) v;
      }
    }
    return new MnistDataset(images, labels, n, SIDE, SIDE);
  }

  /**
   * Writes {@code train} training and {@code test} test images as raw IDX files into {@code dir}.
   */
  public static Path write(Path dir, int train, int test, long seed) throws IOException {
    Files.createDirectories(dir);
    MnistDataset tr = dataset(train, seed);
    MnistDataset te = dataset(test, seed + 1);
    Files.write(dir.resolve(MnistFile.TRAIN_IMAGES.fileName()), images(tr));
    Files.write(dir.resolve(MnistFile.TRAIN_LABELS.fileName()), labels(tr));
    Files.write(dir.resolve(MnistFile.TEST_IMAGES.fileName()), images(te));
    Files.write(dir.resolve(MnistFile.TEST_LABELS.fileName()), labels(te));
    return dir;
  }

  /** The IDX bytes of a dataset's images (magic 0x00000803). */
  public static byte[] images(MnistDataset d) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buf);
    out.writeInt(0x0803);
    out.writeInt(d.count());
    out.writeInt(d.rows());
    out.writeInt(d.cols());
    out.write(d.rawImages());
    return buf.toByteArray();
  }

  /** The IDX bytes of a dataset's labels (magic 0x00000801). */
  public static byte[] labels(MnistDataset d) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buf);
    out.writeInt(0x0801);
    out.writeInt(d.count());
    out.write(d.rawLabels());
    return buf.toByteArray();
  }

  /** {@code bytes} gzip-compressed. */
  public static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buf)) {
      out.write(bytes);
    }
    return buf.toByteArray();
  }
}
