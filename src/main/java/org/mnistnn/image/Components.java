package org.mnistnn.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The 8-connected components of a binary mask, each with its ink mass and bounding box, labelled by
 * a breadth-first flood fill with an explicit queue (no recursion, so a picture-wide stroke cannot
 * overflow the stack).
 */
final class Components {
  /** One component: its label, mass (sum of the ink values) and box {x0, y0, x1, y1} (ends out). */
  record Part(int label, double mass, int x0, int y0, int x1, int y1) {
    int size() {
      return Math.max(x1 - x0, y1 - y0);
    }

    /**
     * The gap between this box and {@code box}, along the axis where it is larger (0 if touching).
     */
    int gap(int[] box) {
      int gx = Math.max(0, Math.max(box[0] - x1, x0 - box[2]));
      int gy = Math.max(0, Math.max(box[1] - y1, y0 - box[3]));
      return Math.max(gx, gy);
    }
  }

  private final int[] labels;
  private final List<Part> parts;

  private Components(int[] labels, List<Part> parts) {
    this.labels = labels;
    this.parts = parts;
  }

  /** Labels the {@code true} pixels of {@code mask} ({@code w × h}); masses from {@code ink}. */
  static Components label(boolean[] mask, float[] ink, int w, int h) {
    int[] labels = new int[mask.length];
    int[] queue = new int[mask.length];
    List<Part> parts = new ArrayList<>();
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || labels[start] != 0) {
        continue;
      }
      int label = parts.size() + 1;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      labels[start] = label;
      double mass = 0;
      int x0 = w;
      int y0 = h;
      int x1 = 0;
      int y1 = 0;
      while (head < tail) {
        int i = queue[head++];
        int x = i % w;
        int y = i / w;
        mass += ink[i];
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
        for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
          for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
            int j = yy * w + xx;
            if (mask[j] && labels[j] == 0) {
              labels[j] = label;
              queue[tail++] = j;
            }
          }
        }
      }
      parts.add(new Part(label, mass, x0, y0, x1, y1));
    }
    return new Components(labels, parts);
  }

  int count() {
    return parts.size();
  }

  /**
   * The pixels of the digit: the component with the most ink, then, heaviest first and until
   * nothing changes, every component whose box lies within {@code near} × the kept box's longer
   * side of the kept box.
   */
  boolean[] kept(double near) {
    List<Part> byMass = new ArrayList<>(parts);
    byMass.sort(Comparator.comparingDouble(Part::mass).reversed());
    Part main = byMass.get(0);
    int[] box = {main.x0(), main.y0(), main.x1(), main.y1()};
    boolean[] keep = new boolean[parts.size() + 1];
    keep[main.label()] = true;
    boolean changed = true;
    while (changed) {
      changed = false;
      int size = Math.max(box[2] - box[0], box[3] - box[1]);
      for (Part p : byMass) {
        if (!keep[p.label()] && p.gap(box) <= near * size) {
          keep[p.label()] = true;
          box =
              new int[] {
                Math.min(box[0], p.x0()),
                Math.min(box[1], p.y0()),
                Math.max(box[2], p.x1()),
                Math.max(box[3], p.y1())
              };
          changed = true;
        }
      }
    }
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = keep[labels[i]];
    }
    return out;
  }
}
