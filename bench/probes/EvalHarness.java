import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.mnistnn.data.*;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.network.TwoLayerNet;

/**
 * Times {@code Evaluator.evaluate} on the 10,000 test images outside {@code bench}: 50 warm-up
 * calls, then N timed calls; prints the median and the minimum.
 *
 * <p>Run from the repository root after a build: {@code java -XX:+UseSerialGC --add-modules
 * jdk.incubator.vector -cp target/mnist-nn.jar bench/probes/EvalHarness.java 300 [MNIST_DIR]}
 * (default: the cache). The network is freshly initialised: the time does not depend on the
 * weights' values.
 */
public class EvalHarness {
  public static void main(String[] args) {
    MnistData d = MnistLoader.load(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(1));
    int n = Integer.parseInt(args[0]);
    for (int i = 0; i < 50; i++) Evaluator.evaluate(net, d.test());
    long[] t = new long[n];
    for (int i = 0; i < n; i++) { long s = System.nanoTime(); Evaluator.evaluate(net, d.test()); t[i] = System.nanoTime() - s; }
    Arrays.sort(t);
    System.out.printf("median %.2f ms, min %.2f ms%n", t[n/2]/1e6, t[0]/1e6);
  }
}
