package org.mnistnn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny data set in the MNIST layout (the MNIST file names, 3 training and 2 test images of rows ×
 * cols random pixels) with its own expected checksums, so fetch and look-up can be tested without
 * faking MNIST's real ones.
 */
final class SyntheticData {
  final DataFiles files;
  private final Map<String, byte[]> raw = new LinkedHashMap<>();

  private SyntheticData(long seed, int rows, int cols) {
    Random rnd = new Random(seed);
    put(MnistFile.TRAIN_IMAGES, images(rnd, 3, rows, cols));
    put(MnistFile.TRAIN_LABELS, labels(rnd, 3));
    put(MnistFile.TEST_IMAGES, images(rnd, 2, rows, cols));
    put(MnistFile.TEST_LABELS, labels(rnd, 2));
    files =
        new DataFiles(
            spec(MnistFile.TRAIN_IMAGES),
            spec(MnistFile.TRAIN_LABELS),
            spec(MnistFile.TEST_IMAGES),
            spec(MnistFile.TEST_LABELS),
            28,
            28);
  }

  /** A data set of 28×28 images; different seeds give different data and checksums. */
  static SyntheticData create(long seed) {
    return new SyntheticData(seed, 28, 28);
  }

  /** A data set of another image size (for the 28×28 check). */
  static SyntheticData withSize(long seed, int rows, int cols) {
    return new SyntheticData(seed, rows, cols);
  }

  /** The raw (decompressed) content of the file. */
  byte[] raw(FileSpec f) {
    return raw.get(f.fileName()).clone();
  }

  /** The content gzip-compressed, as the public mirrors serve it. */
  byte[] gzip(FileSpec f) {
    return gzip(raw(f));
  }

  /** Writes the four raw files into {@code dir}. */
  void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (FileSpec f : files.all()) {
      Files.write(dir.resolve(f.fileName()), raw(f));
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    MessageDigest d = Sha256.newDigest();
    d.update(bytes);
    return Sha256.hex(d);
  }

  /** A copy with one byte changed: same size, different checksum. */
  static byte[] corrupted(byte[] bytes) {
    byte[] c = bytes.clone();
    c[c.length - 1] ^= 0x5A;
    return c;
  }

  private void put(MnistFile f, byte[] content) {
    raw.put(f.fileName(), content);
  }

  private FileSpec spec(MnistFile f) {
    byte[] b = raw.get(f.fileName());
    return new FileSpec(f.fileName(), f.dims(), b.length, sha256(b));
  }

  private static byte[] images(Random rnd, int count, int rows, int cols) {
    byte[] pixels = new byte[count * rows * cols];
    rnd.nextBytes(pixels);
    return idx(pixels, count, rows, cols);
  }

  private static byte[] labels(Random rnd, int count) {
    byte[] l = new byte[count];
    for (int i = 0; i < count; i++) {
      l[i] = (byte) rnd.nextInt(10);
    }
    return idx(l, count);
  }

  /** An IDX file of unsigned bytes with the given dimensions. */
  static byte[] idx(byte[] data, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(0x0800 | dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }
}
