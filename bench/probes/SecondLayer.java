import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.mnistnn.kernels.KernelProvider;
import org.mnistnn.kernels.Kernels;
import org.mnistnn.kernels.SparseRows;

/**
 * Nanoseconds per call of each second-layer kernel at batch N (default 16) on the shapes of the
 * 784-100-10 network: h1 half zero (ReLU), dz2 from a softmax. Prints one line per kernel (median
 * of 21 timed blocks, in thread CPU time so that other processes on a busy machine count less), then the sums. On a busy machine compare the minima. For A/B runs, point -cp at each jar in turn.
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/SecondLayer.java [N]}.
 */
public class SecondLayer {
  interface Call { void run(); }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int h = 100, c = 10;
    KernelProvider k = Kernels.vector();
    Random rng = new Random(7);
    float[] z1 = new float[n * h], h1 = new float[n * h], w2 = new float[h * c], b2 = new float[c];
    float[] z2 = new float[n * c], probs = new float[n * c], dz2 = new float[n * c];
    float[] dW2 = new float[h * c], db2 = new float[c], dh1 = new float[n * h], dz1 = new float[n * h];
    for (int i = 0; i < z1.length; i++) z1[i] = (float) rng.nextGaussian();
    for (int i = 0; i < w2.length; i++) w2[i] = (float) (rng.nextGaussian() / Math.sqrt(c));
    for (int i = 0; i < c; i++) b2[i] = (float) (rng.nextGaussian() * 0.01);
    k.relu(z1, h1, n * h);
    k.matmul(h1, w2, z2, n, h, c);
    k.softmaxRows(z2, probs, n, c);
    for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) dz2[i * c + j] = (probs[i * c + j] - (j == i % c ? 1f : 0f)) / n;
    SparseRows rows = new SparseRows();
    String[] names = {"matmul z2=h1.W2", "addRowVector z2+=b2", "softmaxRows", "matmulTransA dW2", "columnSums db2", "matmulTransB dh1", "reluBackward dz1", "columnSums db1", "relu h1", "listNonZeros h1"};
    Call[] calls = {
      () -> k.matmul(h1, w2, z2, n, h, c),
      () -> k.addRowVector(z2, b2, n, c),
      () -> k.softmaxRows(z2, probs, n, c),
      () -> k.matmulTransA(h1, dz2, dW2, n, h, c),
      () -> k.columnSums(dz2, db2, n, c),
      () -> k.matmulTransB(dz2, w2, dh1, n, c, h),
      () -> k.reluBackward(dh1, z1, dz1, n * h),
      () -> k.columnSums(dz1, db2, n, c),
      () -> k.relu(z1, h1, n * h),
      () -> k.listNonZeros(h1, n, h, rows),
    };
    int reps = 20000;
    for (int w = 0; w < 5; w++) for (Call x : calls) for (int i = 0; i < reps; i++) x.run();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double total = 0;
    double totalMin = 0;
    int blockReps = 1000;
    for (int q = 0; q < calls.length; q++) {
      long[] t = new long[201];
      for (int b = 0; b < t.length; b++) {
        long s = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < blockReps; i++) calls[q].run();
        t[b] = cpu.getCurrentThreadCpuTime() - s;
      }
      Arrays.sort(t);
      double ns = t[t.length / 2] / (double) blockReps;
      double min = t[0] / (double) blockReps;
      total += ns;
      totalMin += min;
      System.out.printf("%-22s %8.1f ns  (min %7.1f)%n", names[q], ns, min);
    }
    System.out.printf("%-22s %8.1f ns  (min %7.1f)%n", "sum", total, totalMin);
  }
}
