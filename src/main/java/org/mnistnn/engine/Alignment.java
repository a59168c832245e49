package org.mnistnn.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where a {@code float[]}'s elements lie in memory relative to a vector's size. A vector load that
 * straddles two cache lines costs two, and with rows of W1 that start anywhere, half the 256-bit
 * loads of {@code x · W1} did. The JVM places every object on a multiple of {@code
 * -XX:ObjectAlignmentInBytes} (8 by default) and an array's first element a fixed number of bytes
 * after its start, so with an alignment of at least the vector's size the engine knows which index
 * starts on one; the launcher asks for 32 bytes. With a smaller alignment nothing is known, and the
 * engine starts at index 0, as before.
 */
final class Alignment {
  /** The JVM's object alignment in bytes, or 8 (its default) when it cannot be read. */
  static final int OBJECT_ALIGNMENT = objectAlignment();

  /** Bytes from the start of a {@code float[]} to its first element. */
  @SuppressWarnings("removal") // a constant read once; the JDK has no other way to tell it
  static final int FLOAT_ARRAY_BASE = sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET;

  private Alignment() {}

  /**
   * The first index of a {@code float[]} whose element lies on a multiple of {@code bytes} in
   * memory, whatever the array's address, or 0 when the JVM's alignment does not tell.
   */
  static int floatsToAlign(int bytes) {
    if (OBJECT_ALIGNMENT < bytes || OBJECT_ALIGNMENT % bytes != 0) {
      return 0;
    }
    int past = FLOAT_ARRAY_BASE % bytes;
    return past == 0 ? 0 : (bytes - past) / Float.BYTES;
  }

  private static int objectAlignment() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
    } catch (RuntimeException | LinkageError e) {
      return 8;
    }
  }
}
