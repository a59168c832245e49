import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

// dW2 = h1ᵀ·dz2 alone (KernelProvider.matmulTransA of the vector kernels, A m × 100 about half zeros as after ReLU,
// B m × 10), two builds in one JVM, each in its own class loader, alternating rounds. Prints the median µs per call of
// each side and the median of the per-round ratios B/A.
// Run: java -XX:+UseSerialGC --add-modules jdk.incubator.vector bench/probes/TransAAB.java A.jar B.jar ROWS
public class TransAAB {
  public static void main(String[] args) throws Exception {
    int m = Integer.parseInt(args[2]), k = 100, n = 10;
    Object[] kernels = new Object[2];
    Method[] product = new Method[2];
    for (int s = 0; s < 2; s++) {
      ClassLoader l = new URLClassLoader(new URL[] {Path.of(args[s]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      kernels[s] = l.loadClass("org.mnistnn.kernels.Kernels").getMethod("vector").invoke(null);
      product[s] = l.loadClass("org.mnistnn.kernels.KernelProvider")
          .getMethod("matmulTransA", float[].class, float[].class, float[].class, int.class, int.class, int.class);
    }
    float[] a = new float[m * k], b = new float[m * n], c = new float[k * n];
    Random r = new Random(1);
    for (int i = 0; i < a.length; i++) a[i] = r.nextBoolean() ? 0 : r.nextFloat();
    for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
    int calls = Math.max(200, 200_000 / m), rounds = 15;
    double[] ratio = new double[rounds], ta = new double[rounds], tb = new double[rounds];
    for (int round = -5; round < rounds; round++) { // five warm-up rounds
      long[] t = new long[2];
      for (int i = 0; i < 2; i++) {
        int s = (round & 1) == 0 ? i : 1 - i;
        long t0 = System.nanoTime();
        for (int q = 0; q < calls; q++) product[s].invoke(kernels[s], a, b, c, m, k, n);
        t[s] = System.nanoTime() - t0;
      }
      if (round >= 0) {
        ratio[round] = (double) t[1] / t[0];
        ta[round] = t[0] / 1e3 / calls;
        tb[round] = t[1] / 1e3 / calls;
      }
    }
    Arrays.sort(ratio);
    Arrays.sort(ta);
    Arrays.sort(tb);
    System.out.printf("m=%d: A %.1f µs, B %.1f µs, B/A per round: median %.3f (%.3f–%.3f), %d rounds of %d calls%n",
        m, ta[rounds / 2], tb[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1], rounds, calls);
  }
}
