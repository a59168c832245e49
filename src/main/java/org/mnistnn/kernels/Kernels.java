package org.mnistnn.kernels;

import java.lang.reflect.InvocationTargetException;

/**
 * The kernels in use, chosen once at start-up.
 *
 * <p>The scalar loops in {@link ScalarKernels} are the specification; the Vector API kernels
 * ({@code VectorKernels}) are picked when the JVM has the {@code jdk.incubator.vector} module and
 * vectors of at least {@value #MIN_VECTOR_BITS} bits. The choice, and the reason for a fall-back,
 * is reported by {@link #describe()}. The system property {@code -Dmnistnn.kernels=scalar} (or
 * {@code vector}) forces one.
 *
 * <p>{@code VectorKernels} is only ever named as a string here and loaded by reflection: without
 * the module its class cannot be linked, and the {@link LinkageError} this raises is caught at
 * selection time instead of crashing whatever class first touched the kernels.
 */
public final class Kernels {
  /**
   * Narrower vectors (SSE, NEON) were not measured to win on the machines we had, so the plain
   * loops are kept there.
   */
  static final int MIN_VECTOR_BITS = 256;

  private static final String VECTOR_CLASS = "org.mnistnn.kernels.VectorKernels";
  private static final KernelProvider SCALAR = new ScalarKernels();
  private static volatile KernelProvider active;
  private static volatile String note;

  static {
    Choice c = choose(System.getProperty("mnistnn.kernels", "auto"));
    active = c.provider();
    note = c.note();
  }

  private Kernels() {}

  /** The provider in use. */
  public static KernelProvider get() {
    return active;
  }

  /** The plain-loop reference provider. */
  public static KernelProvider scalar() {
    return SCALAR;
  }

  /**
   * The Vector API provider, or null when this JVM cannot run it (module missing); for tests and
   * benchmarks that compare providers.
   */
  public static KernelProvider vector() {
    try {
      return loadVector();
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /**
   * The float32 FMA rate of {@code threads} threads running {@code iterations} iterations each of
   * twelve FMA chains on L1-resident vectors ({@code VectorPeak}): this machine's peak as it runs
   * now, in GFLOP/s; NaN when the Vector API is not available. The first call also warms the loop
   * up.
   */
  public static double peakGflops(int threads, int iterations) {
    try {
      Class<?> c = Class.forName(PEAK_CLASS);
      if (!peakWarm) {
        c.getDeclaredMethod("warmUp").invoke(null);
        peakWarm = true;
      }
      return (Double)
          c.getDeclaredMethod("gflops", int.class, int.class).invoke(null, threads, iterations);
    } catch (ReflectiveOperationException | LinkageError e) {
      return Double.NaN;
    }
  }

  private static final String PEAK_CLASS = "org.mnistnn.kernels.VectorPeak";
  private static volatile boolean peakWarm;

  /** One line saying which kernels are in use and why. */
  public static String describe() {
    return note;
  }

  /** Replaces the provider in use (for tests and benchmarks). */
  public static void use(KernelProvider provider, String why) {
    active = provider;
    note = why;
  }

  /** A provider and the line that explains it. */
  record Choice(KernelProvider provider, String note) {}

  /** Picks the provider for the {@code mnistnn.kernels} setting "auto", "vector" or "scalar". */
  static Choice choose(String setting) {
    if ("scalar".equals(setting)) {
      return new Choice(SCALAR, "scalar kernels (reference loops; -Dmnistnn.kernels=scalar)");
    }
    KernelProvider vector;
    int bits;
    try {
      vector = loadVector();
      bits = vectorBits();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new Choice(
          SCALAR,
          "scalar kernels (reference loops): the Vector API is not available ("
              + e.getClass().getSimpleName()
              + "); run with --add-modules jdk.incubator.vector for the fast kernels");
    }
    String what = "vector kernels (jdk.incubator.vector, " + bits + "-bit, " + threads() + ")";
    if ("vector".equals(setting)) {
      return new Choice(vector, what + "; -Dmnistnn.kernels=vector");
    }
    if (bits < MIN_VECTOR_BITS) {
      return new Choice(
          SCALAR,
          "scalar kernels (reference loops): this CPU's vectors are "
              + bits
              + "-bit, fewer than the "
              + MIN_VECTOR_BITS
              + " the vector kernels need to win");
    }
    return new Choice(vector, what);
  }

  private static String threads() {
    int t = Parallel.threads();
    return t == 1 ? "1 thread" : "up to " + t + " threads for large products";
  }

  private static KernelProvider loadVector() throws ReflectiveOperationException {
    Class<?> c = Class.forName(VECTOR_CLASS);
    try {
      return (KernelProvider) c.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw rethrowLinkage(e);
    }
  }

  private static int vectorBits() throws ReflectiveOperationException {
    try {
      return (Integer) Class.forName(VECTOR_CLASS).getDeclaredMethod("vectorBits").invoke(null);
    } catch (InvocationTargetException e) {
      throw rethrowLinkage(e);
    }
  }

  /** Unwraps a LinkageError thrown inside a reflective call, so the caller's catch sees it. */
  private static ReflectiveOperationException rethrowLinkage(InvocationTargetException e) {
    if (e.getCause() instanceof LinkageError le) {
      throw le;
    }
    return e;
  }
}
