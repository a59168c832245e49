package org.mnistnn.eval;

import org.mnistnn.data.MnistDataset;
import org.mnistnn.network.Activations;
import org.mnistnn.network.TwoLayerNet;

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

  /** Evaluates {@code net} on every image of {@code data}. */
  public static Result evaluate(TwoLayerNet net, MnistDataset data) {
    int n = data.count();
    int c = net.classes;
    int[] predicted = new int[n];
    int[] actual = new int[n];
    float[] probs = new float[n * c];
    Activations a = new Activations(net, CHUNK);
    float[] x = new float[CHUNK * data.pixels()];
    int[] y = new int[CHUNK];
    for (int from = 0; from < n; from += CHUNK) {
      int m = Math.min(CHUNK, n - from);
      data.copyBatch(null, from, m, x, y);
      net.forward(x, m, a);
      for (int i = 0; i < m; i++) {
        predicted[from + i] = TwoLayerNet.argmax(a.probs, i, c);
        actual[from + i] = y[i];
      }
      System.arraycopy(a.probs, 0, probs, from * c, m * c);
    }
    return new Result(predicted, actual, probs, c);
  }

  /** Accuracy of {@code net} on {@code data}. */
  public static double accuracy(TwoLayerNet net, MnistDataset data) {
    return evaluate(net, data).accuracy();
  }
}
