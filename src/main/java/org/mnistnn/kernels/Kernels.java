package org.mnistnn.kernels;

/**
 * The kernels in use, chosen once at start-up.
 *
 * <p>The scalar loops in {@link ScalarKernels} are the specification; a faster implementation is
 * picked when it is available, and the choice is reported by {@link #describe()}.
 */
public final class Kernels {
  private static final KernelProvider SCALAR = new ScalarKernels();
  private static volatile KernelProvider active = SCALAR;
  private static volatile String note = "scalar kernels (reference loops)";

  private Kernels() {}

  /** The provider in use. */
  public static KernelProvider get() {
    return active;
  }

  /** The plain-loop reference provider. */
  public static KernelProvider scalar() {
    return SCALAR;
  }

  /** One line saying which kernels are in use and why. */
  public static String describe() {
    return note;
  }

  /** Replaces the provider in use (for tests and benchmarks). */
  public static void use(KernelProvider provider, String why) {
    active = provider;
    note = why;
  }
}
