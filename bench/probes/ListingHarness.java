import java.nio.file.Path;
import java.util.Arrays;
import org.mnistnn.data.*;
import org.mnistnn.kernels.*;
import org.mnistnn.training.Trainer;

/**
 * Cost per non-zero pixel of listing MNIST's training images from their bytes ({@code
 * KernelProvider.listBytes}), the scalar reference against the vector kernel, in batches of ROWS
 * images taken in order (as evaluation reads them) and in training's shuffled order (rows picked
 * from the whole 47 MB dataset: mostly cache and TLB misses). Each repetition lists the whole
 * training set once per provider, alternating; prints medians and minimums over 9 repetitions.
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/ListingHarness.java ROWS [MNIST_DIR]}.
 */
public class ListingHarness {
  public static void main(String[] args) {
    MnistData d = MnistLoader.load(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    MnistDataset train = d.train();
    int rows = Integer.parseInt(args[0]), n = train.count(), batches = n / rows;
    int[] shuffled = Trainer.shuffleOrder(n, 1, 0);
    int[] inOrder = new int[n];
    for (int i = 0; i < n; i++) inOrder[i] = i;
    byte[] bytes = new byte[n * 784];
    int[] y = new int[n];
    train.copyImageBytes(0, n, bytes, y);
    KernelProvider[] providers = {Kernels.scalar(), Kernels.vector()};
    int[][] orders = {inOrder, shuffled};
    String[] orderNames = {"in order", "shuffled"};
    SparseRows x = new SparseRows();
    long total = 0;
    for (int b = 0; b < batches; b++) { providers[0].listBytes(bytes, null, b * rows, rows, 784, 1f / 255f, x); total += x.nonZeros(); }
    int reps = 9;
    double[][] t = new double[4][reps];
    for (int r = -2; r < reps; r++) {
      for (int o = 0; o < 2; o++) {
        for (int p = 0; p < 2; p++) {
          long s = System.nanoTime();
          for (int b = 0; b < batches; b++) providers[p].listBytes(bytes, orders[o], b * rows, rows, 784, 1f / 255f, x);
          if (r >= 0) t[o * 2 + p][r] = (System.nanoTime() - s) / (double) total;
        }
      }
    }
    for (int o = 0; o < 2; o++) {
      for (int p = 0; p < 2; p++) {
        double[] u = t[o * 2 + p];
        Arrays.sort(u);
        System.out.printf("rows %d, %s, %s: median %.2f, min %.2f ns per non-zero%n", rows, orderNames[o], providers[p].name(), u[reps / 2], u[0]);
      }
    }
  }
}
