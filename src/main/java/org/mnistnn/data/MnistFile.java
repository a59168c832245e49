package org.mnistnn.data;

/**
 * The four MNIST files, with the size and SHA-256 of each one's raw (decompressed) content: the
 * files LeCun's MNIST page published, as its mirrors serve them. Every copy, from any source, is
 * checked against these before it is used.
 */
public enum MnistFile {
  TRAIN_IMAGES(
      "train-images-idx3-ubyte",
      47_040_016L,
      "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
  TRAIN_LABELS(
      "train-labels-idx1-ubyte",
      60_008L,
      "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
  TEST_IMAGES(
      "t10k-images-idx3-ubyte",
      7_840_016L,
      "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
  TEST_LABELS(
      "t10k-labels-idx1-ubyte",
      10_008L,
      "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  private final String fileName;
  private final long rawBytes;
  private final String sha256;

  MnistFile(String fileName, long rawBytes, String sha256) {
    this.fileName = fileName;
    this.rawBytes = rawBytes;
    this.sha256 = sha256;
  }

  /** The raw file name, e.g. {@code train-images-idx3-ubyte}; a gzip copy adds {@code .gz}. */
  public String fileName() {
    return fileName;
  }

  public long rawBytes() {
    return rawBytes;
  }

  /** Lower-case hex SHA-256 of the decompressed file. */
  public String sha256() {
    return sha256;
  }

  /** IDX dimensions: 3 for images, 1 for labels. */
  public int dims() {
    return this == TRAIN_IMAGES || this == TEST_IMAGES ? 3 : 1;
  }

  /** This file as a {@link FileSpec}, the form the fetcher and loader work with. */
  public FileSpec spec() {
    return new FileSpec(fileName, dims(), rawBytes, sha256);
  }
}
