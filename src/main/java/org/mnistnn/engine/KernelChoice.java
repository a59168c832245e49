package org.mnistnn.engine;

import java.util.Locale;

/**
 * Which {@link Kernels} the engine uses, chosen once at start-up: the Vector API kernels at the
 * width the rule below picks, or the scalar ones when the {@code jdk.incubator.vector} module is
 * not loaded (the launcher and the tests load it) or {@code -Dmnistnn.kernels=scalar} asks. {@code
 * -Dmnistnn.kernels=64|128|256|512} forces a vector width; that property is the only one the engine
 * reads.
 *
 * <p>The default width is the machine's widest, but at most 256 bits: the engine's rows are ~100
 * floats, a few vectors long at either width, and 512-bit vectors pad them more
 * (docs/performance.md has the comparison).
 */
public final class KernelChoice {
  /** The system property that chooses the kernels. */
  public static final String PROPERTY = "mnistnn.kernels";

  private static final Choice CHOSEN = choose(System.getProperty(PROPERTY, "auto"));

  private KernelChoice() {}

  /** The kernels and why they were chosen. */
  record Choice(Kernels kernels, int lanes, String reason) {}

  /** The kernels in use. */
  public static Kernels kernels() {
    return CHOSEN.kernels();
  }

  /** Floats per vector of the kernels in use (1 for scalar): the engine pads rows to this. */
  public static int lanes() {
    return CHOSEN.lanes();
  }

  /** One line naming the kernels in use and why, for logs and {@code bench}. */
  public static String describe() {
    return CHOSEN.kernels().name() + " (" + CHOSEN.reason() + ")";
  }

  static Choice choose(String wanted) {
    String w = wanted.trim().toLowerCase(Locale.ROOT);
    if (w.equals("scalar")) {
      return new Choice(new ScalarKernels(), 1, "-D" + PROPERTY + "=scalar");
    }
    try {
      return switch (w) {
        case "auto", "" -> {
          VectorKernels k = VectorKernels.ofBits(Math.min(256, VectorKernels.preferredBits()));
          yield new Choice(k, k.lanes(), "default");
        }
        case "64", "128", "256", "512" -> {
          VectorKernels k = VectorKernels.ofBits(Integer.parseInt(w));
          yield new Choice(k, k.lanes(), "-D" + PROPERTY + "=" + w);
        }
        default ->
            throw new IllegalArgumentException(
                "-D"
                    + PROPERTY
                    + " must be auto, scalar, 64, 128, 256 or 512, not '"
                    + wanted
                    + "'");
      };
    } catch (LinkageError e) {
      return new Choice(
          new ScalarKernels(),
          1,
          "the jdk.incubator.vector module is not loaded; run with --add-modules"
              + " jdk.incubator.vector for the vector kernels");
    }
  }
}
