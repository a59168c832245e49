package org.mnistnn.eval;

/** Counts of (true class, predicted class) pairs, with per-class precision, recall and F1. */
public final class ConfusionMatrix {
  private final int[][] counts;

  private ConfusionMatrix(int[][] counts) {
    this.counts = counts;
  }

  /** Builds the matrix from true and predicted labels. */
  public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
    int[][] m = new int[classes][classes];
    for (int i = 0; i < actual.length; i++) {
      m[actual[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(m);
  }

  public int classes() {
    return counts.length;
  }

  /** Images of true class {@code t} predicted as {@code p}. */
  public int count(int t, int p) {
    return counts[t][p];
  }

  /** A copy of the counts, rows = true class. */
  public int[][] counts() {
    int[][] c = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      c[i] = counts[i].clone();
    }
    return c;
  }

  /** Of the images predicted as {@code k}, the fraction that are {@code k} (0 when none). */
  public double precision(int k) {
    int col = 0;
    for (int[] row : counts) {
      col += row[k];
    }
    return col == 0 ? 0 : (double) counts[k][k] / col;
  }

  /** Of the images of class {@code k}, the fraction predicted as {@code k} (0 when none). */
  public double recall(int k) {
    int row = 0;
    for (int v : counts[k]) {
      row += v;
    }
    return row == 0 ? 0 : (double) counts[k][k] / row;
  }

  /** Harmonic mean of precision and recall. */
  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** A fixed-width text table: rows true digit, columns predicted digit. */
  public String toText() {
    StringBuilder sb = new StringBuilder("true\\pred");
    for (int p = 0; p < counts.length; p++) {
      sb.append(String.format("%6d", p));
    }
    sb.append('\n');
    for (int t = 0; t < counts.length; t++) {
      sb.append(String.format("%9d", t));
      for (int p = 0; p < counts.length; p++) {
        sb.append(String.format("%6d", counts[t][p]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
