package org.mnistnn.data;

import java.util.List;

/**
 * The four files of an MNIST-like data set and the image size they must hold. {@link #MNIST} is the
 * real one (the checksums of {@link MnistFile}); tests build small synthetic ones with their own
 * checksums.
 *
 * @param rows image height every file must have (28 for MNIST)
 * @param cols image width every file must have (28 for MNIST)
 */
public record DataFiles(
    FileSpec trainImages,
    FileSpec trainLabels,
    FileSpec testImages,
    FileSpec testLabels,
    int rows,
    int cols) {

  /** MNIST: 60,000 + 10,000 grey-scale digits of 28×28 pixels. */
  public static final DataFiles MNIST =
      new DataFiles(
          MnistFile.TRAIN_IMAGES.spec(),
          MnistFile.TRAIN_LABELS.spec(),
          MnistFile.TEST_IMAGES.spec(),
          MnistFile.TEST_LABELS.spec(),
          28,
          28);

  /** The four files in a fixed order: train images, train labels, test images, test labels. */
  public List<FileSpec> all() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }
}
