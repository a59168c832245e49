package org.mnistnn.kernels;

/** Prints the chosen provider and its note; run in a child JVM by {@link KernelsSelectionTest}. */
public final class KernelsProbe {
  private KernelsProbe() {}

  public static void main(String[] args) {
    System.out.println(Kernels.get().name());
    System.out.println(Kernels.describe());
  }
}
