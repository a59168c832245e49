import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.mnistnn.data.*;
import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.*;

/**
 * Cost per non-zero pixel of the forward pass ({@code TwoLayerNet.forward(SparseRows, …)}, W1 hot
 * in the cache) and of listing the non-zero pixels from bytes ({@code SparseRows.listBytes}), for
 * the first ROWS test images.
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/FwdHarness.java ROWS [MNIST_DIR]}.
 */
public class FwdHarness {
  public static void main(String[] args) {
    MnistData d = MnistLoader.load(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(1));
    int rows = Integer.parseInt(args[0]);
    byte[] px = new byte[rows * 784]; int[] y = new int[rows];
    d.test().copyImageBytes(0, rows, px, y);
    SparseRows x = new SparseRows();
    x.listBytes(px, rows, 784, 1f / 255f);
    Activations a = new Activations(net, rows);
    int reps = Math.max(1, 2_000_000 / (rows * 150));
    for (int i = 0; i < 2000; i++) net.forward(x, a);
    long[] t = new long[31];
    for (int k = 0; k < t.length; k++) { long s = System.nanoTime(); for (int i = 0; i < reps; i++) net.forward(x, a); t[k] = System.nanoTime() - s; }
    Arrays.sort(t);
    double perNz = t[t.length/2] / (double) reps / x.nonZeros();
    long s = System.nanoTime(); for (int i = 0; i < reps * 5; i++) x.listBytes(px, rows, 784, 1f/255f); double list = (System.nanoTime() - s) / (5.0 * reps) / x.nonZeros();
    System.out.printf("rows %d nz %d: forward %.2f ns per non-zero; listBytes %.2f ns per non-zero%n", rows, x.nonZeros(), perNz, list);
  }
}
