package org.mnistnn.augment;

/** Hand-drawn test shapes on a 28×28 canvas, values in [0, 1]. */
final class Digits {
  private Digits() {}

  static final int SIZE = 28;

  /** A "0": a ring of radius about 7 around (cx, cy), anti-aliased. */
  static float[] ring(double cx, double cy) {
    float[] img = new float[SIZE * SIZE];
    for (int r = 0; r < SIZE; r++) {
      for (int c = 0; c < SIZE; c++) {
        double dist = Math.hypot((c - cx) / 0.8, r - cy);
        img[r * SIZE + c] = (float) Math.max(0, 1 - Math.abs(dist - 7) / 1.5);
      }
    }
    return img;
  }

  /** A "7": a bar along the top and a slanted stroke down. */
  static float[] seven() {
    float[] img = new float[SIZE * SIZE];
    for (int c = 8; c <= 20; c++) {
      img[6 * SIZE + c] = 1f;
      img[7 * SIZE + c] = 0.7f;
    }
    for (int r = 7; r <= 22; r++) {
      int c = 20 - (r - 7) / 2;
      img[r * SIZE + c] = 1f;
      img[r * SIZE + c - 1] = 0.6f;
    }
    return img;
  }

  static double mass(float[] img) {
    double m = 0;
    for (float v : img) {
      m += v;
    }
    return m;
  }

  /** Centre of mass {x, y}. */
  static double[] centre(float[] img) {
    double m = 0;
    double x = 0;
    double y = 0;
    for (int r = 0; r < SIZE; r++) {
      for (int c = 0; c < SIZE; c++) {
        float v = img[r * SIZE + c];
        m += v;
        x += v * c;
        y += v * r;
      }
    }
    return new double[] {x / m, y / m};
  }
}
