import java.lang.invoke.*;
import java.lang.reflect.*;
import java.nio.file.Path;
import java.util.*;
import org.mnistnn.data.*;
import org.mnistnn.kernels.SparseRows;
/**
 * How much of the x·W1 kernel's time is W1's rows coming from L2: {@code VectorMatmul.sparseMatmul}
 * per non-zero pixel on the first ROWS test images, as listed (W1's 784 rows, 313 KB, live in L2)
 * and with the same lists folded onto W1's first FOLD rows (column mod FOLD; 56 rows = 22 KB, in L1),
 * alternating, one thread, thread CPU time (less disturbed by a busy machine than wall time).
 * The gap bounds what any W1-locality scheme (pixel-major order, blocking) could win.
 *
 * <p>Run from the repository root after a build: {@code java -XX:ActiveProcessorCount=1
 * -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp target/mnist-nn.jar
 * bench/probes/FwdL1Bound.java ROWS FOLD} (for instance 500 56).
 */
public class FwdL1Bound {
  public static void main(String[] args) throws Throwable {
    Class<?> vm = Class.forName("org.mnistnn.kernels.VectorMatmul");
    Method m = vm.getDeclaredMethod("sparseMatmul", SparseRows.class, float[].class, float[].class, int.class); m.setAccessible(true);
    MethodHandle h = MethodHandles.lookup().unreflect(m);
    MnistData d = MnistLoader.load(Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    int rows = Integer.parseInt(args[0]), fold = Integer.parseInt(args[1]);
    byte[] px = new byte[rows * 784]; int[] y = new int[rows];
    d.test().copyImageBytes(0, rows, px, y);
    SparseRows x = new SparseRows(), xf = new SparseRows();
    x.listBytes(px, rows, 784, 1f / 255f); xf.listBytes(px, rows, 784, 1f / 255f);
    Field cf = SparseRows.class.getDeclaredField("col"); cf.setAccessible(true);
    int[] col = (int[]) cf.get(xf); for (int t = 0; t < col.length; t++) col[t] %= fold;
    float[] w = new float[784 * 100]; Random r = new Random(1); for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
    float[] c = new float[rows * 100];
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    SparseRows[] xs = {x, xf};
    int reps = Math.max(1, 4_000_000 / (rows * 150));
    for (int i = 0; i < 3000; i++) for (SparseRows s : xs) h.invokeExact(s, w, c, 100);
    double[][] res = new double[2][31];
    for (int k = 0; k < 31; k++) for (int a = 0; a < 2; a++) {
      long s = mx.getCurrentThreadCpuTime(); for (int i = 0; i < reps; i++) h.invokeExact(xs[a], w, c, 100); res[a][k] = (mx.getCurrentThreadCpuTime() - s) / (double) reps / x.nonZeros();
    }
    for (int a = 0; a < 2; a++) { Arrays.sort(res[a]); System.out.printf("rows %d %s: median %.2f ns/nz (min %.2f)%n", rows, a == 0 ? "W1 rows as listed (L2)" : "folded onto " + fold + " rows (L1)", res[a][15], res[a][0]); }
  }
}
