package org.mnistnn.plots;

/** Colour maps for the pictures of weights and counts. */
public final class Colors {
  private Colors() {}

  // A red–white–blue diverging map (ColorBrewer's RdBu, low to high): red for negative, blue for
  // positive. The one convention for signed values in mnist-nn: the draw page, the step page
  // (web/step.js), weights.png and report.html all use these three colours.
  private static final int[] NEGATIVE = {178, 24, 43};
  private static final int[] MIDDLE = {247, 247, 247};
  private static final int[] POSITIVE = {33, 102, 172};

  // A white-to-blue sequential map for counts.
  private static final int[] LOW = {247, 251, 255};
  private static final int[] HIGH = {8, 48, 107};

  /** The diverging colour of {@code t} in [−1, 1] as 0xRRGGBB: −1 red, 0 white, +1 blue. */
  public static int diverging(double t) {
    t = Math.max(-1, Math.min(1, t));
    return t < 0 ? mix(MIDDLE, NEGATIVE, -t) : mix(MIDDLE, POSITIVE, t);
  }

  /** The sequential colour of {@code t} in [0, 1] as 0xRRGGBB: 0 white, 1 dark blue. */
  public static int sequential(double t) {
    return mix(LOW, HIGH, Math.max(0, Math.min(1, t)));
  }

  /** Whether text on background {@code rgb} should be white rather than black. */
  public static boolean needsLightText(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return 0.299 * r + 0.587 * g + 0.114 * b < 140;
  }

  /** {@code #rrggbb} for CSS. */
  public static String css(int rgb) {
    return String.format("#%06x", rgb & 0xFFFFFF);
  }

  private static int mix(int[] a, int[] b, double t) {
    int r = (int) Math.round(a[0] + (b[0] - a[0]) * t);
    int g = (int) Math.round(a[1] + (b[1] - a[1]) * t);
    int bl = (int) Math.round(a[2] + (b[2] - a[2]) * t);
    return (r << 16) | (g << 8) | bl;
  }
}
