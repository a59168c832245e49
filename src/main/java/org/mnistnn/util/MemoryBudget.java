package org.mnistnn.util;

import java.util.Locale;

/**
 * What the arrays of a run cost, and whether this JVM's heap ({@link Runtime#maxMemory()}, 1 GB
 * under {@code ./mnist-nn}) can hold them, so that sizes too large fail before anything is
 * allocated, with one line naming them, instead of in an {@link OutOfMemoryError} half-way.
 *
 * <p>The estimates count the large arrays only, from their shapes, and round up:
 *
 * <pre>
 * P = D·H + H + H·C + C                          parameters of a D-H-C network
 * weights     4·P · (6 + optimiser buffers + 1 with --validation + 2 with --serve)
 *             (the net, its gradients, scratch of the steps, the encodings of a model file being
 *              written, the best model so far, the page's snapshot)
 * batch       4·B·(4H + 3C) + 4·B·D · (1, or 4 with --augment) + 16·B·nnz   (the activations,
 *             the batch as floats, its non-zero pixels by row and by column; nnz per image)
 * evaluation  4·500·(4H + 3C) · cores + 12·C·N_test   (the chunks' activations, the results)
 * data        N·D bytes + 4 bytes per non-zero pixel   (the images, their non-zero lists)
 * </pre>
 *
 * <p>The heap also holds the JVM's own data, the plots and the report: {@link #usable()} keeps a
 * quarter of it, and at least 64 MB, for those.
 */
public final class MemoryBudget {
  private static final long MB = 1024 * 1024;

  /** Rows per evaluation chunk (Evaluator.CHUNK). */
  private static final int EVAL_ROWS = 500;

  private MemoryBudget() {}

  /** Bytes our arrays may take: three quarters of the heap, less 64 MB for everything else. */
  public static long usable() {
    long heap = heap();
    return Math.max(0, Math.min(heap - 64 * MB, heap / 4 * 3));
  }

  /** The heap bound of this JVM. */
  public static long heap() {
    return Runtime.getRuntime().maxMemory();
  }

  /** Parameters of a {@code d}-{@code h}-{@code c} network. */
  public static long parameters(long d, long h, long c) {
    return d * h + h + h * c + c;
  }

  /** Bytes to evaluate a {@code d}-{@code h}-{@code c} network on {@code images} images. */
  public static long evaluationBytes(long h, long c, long images) {
    int cores = Runtime.getRuntime().availableProcessors();
    return 4L * EVAL_ROWS * (4 * h + 3 * c) * cores + 12L * c * images;
  }

  /** Bytes of a data set of {@code pixels} pixels of which {@code nonZeros} are not 0. */
  public static long dataBytes(long pixels, long nonZeros) {
    return pixels + 4 * nonZeros;
  }

  /**
   * Refuses to load a model whose network, with what evaluating it takes, does not fit.
   *
   * @param arrayBytes the bytes of the arrays already read from the file
   */
  public static void checkModel(long d, long h, long c, long arrayBytes, String where) {
    long need = arrayBytes + 4 * parameters(d, h, c) + evaluationBytes(h, c, 10_000);
    if (need > usable()) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "%s: a %d-%d-%d network needs about %s to load and run, more than this JVM's heap (%s)"
                  + " can hold; use a smaller model or a larger -Xmx (MNIST_NN_JAVA_OPTS)",
              where,
              d,
              h,
              c,
              mb(need),
              mb(heap())));
    }
  }

  /**
   * What a training run needs.
   *
   * @param optimizerBuffers float arrays of the network's size the optimiser keeps (momentum: 1)
   * @param trainNonZeros non-zero pixels of the training set, {@code testPixels} likewise
   */
  public record Training(
      int d,
      int h,
      int c,
      int batch,
      int optimizerBuffers,
      boolean validation,
      boolean serve,
      boolean augment,
      long trainPixels,
      long trainNonZeros,
      long testPixels,
      long testNonZeros,
      int testImages) {

    /** Bytes of the weights and their copies. */
    long weights() {
      int copies = 6 + optimizerBuffers + (validation ? 1 : 0) + (serve ? 2 : 0);
      return 4 * parameters(d, h, c) * copies;
    }

    /** Bytes of one step's buffers. */
    long batchBytes() {
      long density = trainPixels == 0 ? d : Math.max(1, trainNonZeros * d / trainPixels);
      return 4L * batch * (4L * h + 3L * c)
          + 4L * batch * d * (augment ? 4 : 1)
          + 16L * batch * density;
    }

    /** Everything, in bytes. */
    public long bytes() {
      return weights()
          + batchBytes()
          + evaluationBytes(h, c, testImages)
          + dataBytes(trainPixels, trainNonZeros)
          + dataBytes(testPixels, testNonZeros);
    }

    /**
     * Refuses a run the heap cannot hold, naming the sizes that drive the estimate.
     *
     * @throws UserException with the flags to change
     */
    public void check() {
      long need = bytes();
      if (need <= usable()) {
        return;
      }
      throw new UserException(
          String.format(
              Locale.ROOT,
              "--batch-size %d with --hidden %d needs about %s (weights %s, one batch %s, the data"
                  + " %s), more than this JVM's heap (%s) can hold; use a smaller --batch-size or"
                  + " --hidden, or a larger -Xmx (MNIST_NN_JAVA_OPTS)",
              batch,
              h,
              mb(need),
              mb(weights()),
              mb(batchBytes()),
              mb(dataBytes(trainPixels, trainNonZeros) + dataBytes(testPixels, testNonZeros)),
              mb(heap())));
    }
  }

  /** The largest IDX payload worth reading: a third of {@link #usable()} (raw plus lists). */
  public static long maxDataFileBytes() {
    return usable() / 3;
  }

  /** The largest total of arrays a model file may expand to: a quarter of {@link #usable()}. */
  public static long maxModelBytes() {
    return usable() / 4;
  }

  /** Bytes in megabytes, for messages. */
  public static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / (double) MB);
  }
}
