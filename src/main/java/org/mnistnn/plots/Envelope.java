package org.mnistnn.plots;

/**
 * Thins a long series for a chart without changing what the chart shows: the points are cut into
 * consecutive groups, one for every pixel or two of the chart's width, and each group keeps only
 * its lowest and its highest point, in their order. A line through what is kept covers the same
 * vertical extent in every group as the line through all the points, so the noise band of a loss
 * curve keeps its width; only detail finer than the chart can draw is dropped.
 *
 * <p>A run of 15 epochs at batch 16 logs 5,625 loss points, and Java2D draws each as a line
 * segment: drawing them all was most of the time {@code train} spent writing its run folder
 * (figures in docs/performance.md).
 */
public final class Envelope {
  private Envelope() {}

  /**
   * The points of {@code (xs, ys)} to draw: all of them if there are at most {@code 2·groups}, else
   * the lowest and highest of each of {@code groups} consecutive groups of nearly equal size, in
   * the series' order, and the series' first and last points.
   *
   * @return {@code {xs, ys}} of the points kept
   */
  public static double[][] of(double[] xs, double[] ys, int groups) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException(
          "xs and ys differ in length: " + xs.length + " and " + ys.length);
    }
    if (groups < 1) {
      throw new IllegalArgumentException("groups must be at least 1, got " + groups);
    }
    int n = xs.length;
    if (n <= 2 * groups) {
      return new double[][] {xs.clone(), ys.clone()};
    }
    int[] keep = new int[2 * groups + 2];
    int k = 0;
    keep[k++] = 0;
    for (int g = 0; g < groups; g++) {
      int from = (int) ((long) n * g / groups);
      int to = (int) ((long) n * (g + 1) / groups);
      int lo = from;
      int hi = from;
      for (int i = from + 1; i < to; i++) {
        if (ys[i] < ys[lo]) {
          lo = i;
        }
        if (ys[i] > ys[hi]) {
          hi = i;
        }
      }
      int first = Math.min(lo, hi);
      int second = Math.max(lo, hi);
      if (first != keep[k - 1]) {
        keep[k++] = first;
      }
      if (second != keep[k - 1]) {
        keep[k++] = second;
      }
    }
    if (keep[k - 1] != n - 1) {
      keep[k++] = n - 1;
    }
    double[] kx = new double[k];
    double[] ky = new double[k];
    for (int j = 0; j < k; j++) {
      kx[j] = xs[keep[j]];
      ky[j] = ys[keep[j]];
    }
    return new double[][] {kx, ky};
  }
}
