package org.mnistnn.eval;

import java.util.stream.IntStream;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.engine.FastForward;
import org.mnistnn.learn.TwoLayerNet;

/** Runs a trained network over a whole dataset. */
public final class Evaluator {
  /** Rows per forward pass: large enough for fast matrix products, small enough for cache. */
  public static final int CHUNK = 500;

  private Evaluator() {}

  /** Predictions and the probabilities behind them for every image of a dataset. */
  public record Result(int[] predicted, int[] actual, float[] probabilities, int classes) {
    /** Fraction of images whose predicted digit is the true one. */
    public double accuracy() {
      if (predicted.length == 0) {
        return 0;
      }
      int right = 0;
      for (int i = 0; i < predicted.length; i++) {
        if (predicted[i] == actual[i]) {
          right++;
        }
      }
      return (double) right / predicted.length;
    }

    /** The confusion matrix: rows are true digits, columns predicted digits. */
    public ConfusionMatrix confusion() {
      return ConfusionMatrix.of(actual, predicted, classes);
    }

    /** The probability the network gave class {@code c} for image {@code i}. */
    public float probability(int i, int c) {
      return probabilities[i * classes + c];
    }
  }

  /**
   * Evaluates {@code net} on every image of {@code data}.
   *
   * <p>The images are cut into one contiguous range per core, each run through the network in
   * chunks of {@link #CHUNK} rows on its own work arrays. Every image's forward pass is computed
   * the same way whatever range it falls in, so the result does not depend on the number of cores.
   */
  public static Result evaluate(TwoLayerNet net, MnistDataset data) {
    int n = data.count();
    int c = net.classes;
    int[] predicted = new int[n];
    int[] actual = new int[n];
    float[] probs = new float[n * c];
    int parts = parts(n);
    IntStream.range(0, parts)
        .parallel()
        .forEach(
            part ->
                evaluateRange(
                    net,
                    data,
                    bound(n, part, parts),
                    bound(n, part + 1, parts),
                    predicted,
                    actual,
                    probs));
    return new Result(predicted, actual, probs, c);
  }

  private static final int THREADS = Runtime.getRuntime().availableProcessors();

  /**
   * How many contiguous ranges {@code n} images are cut into: one per core, at least a chunk each.
   */
  private static int parts(int n) {
    return Math.max(1, Math.min(THREADS, (n + CHUNK - 1) / CHUNK));
  }

  /** Where range {@code part} of {@code parts} over {@code n} images begins. */
  private static int bound(int n, int part, int parts) {
    return (int) ((long) n * part / parts);
  }

  /** Images {@code [from, to)}, in chunks of {@link #CHUNK}, into the shared result arrays. */
  private static void evaluateRange(
      TwoLayerNet net,
      MnistDataset data,
      int from,
      int to,
      int[] predicted,
      int[] actual,
      float[] probs) {
    int c = net.classes;
    int rows = Math.min(CHUNK, Math.max(1, to - from));
    FastForward forward = FastForward.of(net);
    int[] y = new int[rows];
    for (int start = from; start < to; start += CHUNK) {
      int m = Math.min(CHUNK, to - start);
      forward.probabilities(data, start, m, probs, start * c, y);
      FiniteOutputs.require(probs, start * c, m, c, "test image", start);
      for (int i = 0; i < m; i++) {
        predicted[start + i] = TwoLayerNet.argmax(probs, start + i, c);
        actual[start + i] = y[i];
      }
    }
  }

  /**
   * Accuracy of {@code net} on {@code data}: what {@link #evaluate} gives, from the logits alone
   * (the largest logit is the largest probability), split across the cores the same way.
   *
   * @throws FiniteOutputs.NotFiniteException when a logit is not a finite number
   */
  public static double accuracy(TwoLayerNet net, MnistDataset data) {
    int n = data.count();
    if (n == 0) {
      return 0;
    }
    int parts = parts(n);
    int right =
        IntStream.range(0, parts)
            .parallel()
            .map(part -> countRight(net, data, bound(n, part, parts), bound(n, part + 1, parts)))
            .sum();
    return (double) right / n;
  }

  /**
   * {@link #accuracy} on the calling thread alone, for a caller that keeps the other cores busy
   * meanwhile: the same count of right answers, so the same value.
   */
  public static double accuracyOnThisThread(TwoLayerNet net, MnistDataset data) {
    int n = data.count();
    return n == 0 ? 0 : (double) countRight(net, data, 0, n) / n;
  }

  /** How many of images {@code [from, to)} the network classifies right. */
  private static int countRight(TwoLayerNet net, MnistDataset data, int from, int to) {
    int c = net.classes;
    int rows = Math.min(CHUNK, Math.max(1, to - from));
    FastForward forward = FastForward.of(net);
    float[] logits = new float[rows * c];
    int[] y = new int[rows];
    int right = 0;
    for (int start = from; start < to; start += CHUNK) {
      int m = Math.min(CHUNK, to - start);
      forward.logits(data, start, m, logits, 0, y);
      FiniteOutputs.require(logits, 0, m, c, "test image", start);
      for (int i = 0; i < m; i++) {
        right += TwoLayerNet.argmax(logits, i, c) == y[i] ? 1 : 0;
      }
    }
    return right;
  }
}
