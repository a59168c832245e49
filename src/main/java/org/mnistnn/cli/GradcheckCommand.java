package org.mnistnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.MnistLoader;
import org.mnistnn.gradcheck.GradientCheck;
import org.mnistnn.gradcheck.ReferenceNet;
import org.mnistnn.learn.TwoLayerNet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gradcheck}: proves the backpropagation right on a small network (docs/backprop.md §11).
 * Two tables: the double-precision backward pass against centred finite differences of the loss,
 * then the float32 backward pass that training uses against that double one.
 */
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    description = {
      "Compare backpropagated gradients with centred finite differences for every parameter of a"
          + " small network (default 784-16-10 on the first 8 training images, synthetic ones when MNIST is"
          + " not found), then the float32 training code with the double reference.",
      "Exits 1 when any parameter fails."
    })
public final class GradcheckCommand implements Callable<Integer> {
  @Option(
      names = "--hidden",
      paramLabel = "H",
      defaultValue = "16",
      description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--images",
      defaultValue = "8",
      description = "Images in the batch (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--reg",
      paramLabel = "LAMBDA",
      defaultValue = "1e-4",
      description = "L2 strength λ in the loss (default: ${DEFAULT-VALUE}).")
  double reg;

  @Option(names = "--no-reg-biases", description = "Leave the biases out of the L2 term.")
  boolean noRegBiases;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "1",
      description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "MNIST folder (default: $MNIST_DATA, else the cache); synthetic images when absent.")
  Path data;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final GradientCheck.Backprop backprop;

  /** The real check, of {@link ReferenceNet#backward}. */
  public GradcheckCommand() {
    this(ReferenceNet::backward);
  }

  /** A check of another backward pass: tests use it to prove a broken one fails. */
  GradcheckCommand(GradientCheck.Backprop backprop) {
    this.backprop = backprop;
  }

  @Override
  public Integer call() {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    Batch batch = loadBatch(msg -> {});
    TwoLayerNet net = TwoLayerNet.initialised(batch.pixels(), hidden, 10, new Random(seed));
    // Random biases, so that a derivative that ignores them cannot pass by luck.
    TwoLayerNet.fillGaussian(net.b1, 0.1, new Random(seed + 1));
    TwoLayerNet.fillGaussian(net.b2, 0.1, new Random(seed + 2));
    ReferenceNet.L2 l2 = new ReferenceNet.L2(reg, !noRegBiases);

    out.printf(
        Locale.ROOT,
        "gradcheck: %d-%d-10 network, %d %s, L2 %s on %s, seed %d%n%n",
        batch.pixels(),
        hidden,
        images,
        batch.source(),
        reg,
        noRegBiases ? "weights only" : "weights and biases",
        seed);
    out.printf(
        Locale.ROOT,
        "1. backprop (double) vs centred finite differences, h = %s; pass: max relative error"
            + " < %s%n   (relative to max(|analytic|, |numerical|, %s·max(1, loss)))%n",
        GradientCheck.DEFAULT_H,
        GradientCheck.DEFAULT_TOLERANCE,
        GradientCheck.FLOOR);
    ReferenceNet ref = new ReferenceNet(net);
    List<GradientCheck.Row> numeric =
        GradientCheck.check(
            ref,
            ReferenceNet.toDouble(batch.x()),
            batch.y(),
            images,
            l2,
            backprop,
            GradientCheck.DEFAULT_H,
            GradientCheck.DEFAULT_TOLERANCE);
    printTable(out, net, numeric, "max rel error", "analytic", "numerical");

    out.printf(
        Locale.ROOT,
        "%n2. float32 TwoLayerNet.backward (the training code) vs the double backprop; pass: max"
            + " error < %s of the largest gradient entry%n",
        GradientCheck.FLOAT32_TOLERANCE);
    List<GradientCheck.Row> float32 =
        GradientCheck.compareFloat32(
            net, batch.x(), batch.y(), images, l2, GradientCheck.FLOAT32_TOLERANCE);
    printTable(out, net, float32, "max error", "float32", "double");

    boolean ok = GradientCheck.allPassed(numeric) && GradientCheck.allPassed(float32);
    out.println();
    out.println(ok ? "gradcheck passed" : "gradcheck FAILED");
    out.flush();
    if (!ok) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "error: the gradients do not match (see the FAIL rows above); a derivative in"
              + " network/ is wrong");
      err.flush();
      return Main.EXIT_FAILURE;
    }
    return Main.EXIT_OK;
  }

  private static void printTable(
      PrintWriter out,
      TwoLayerNet net,
      List<GradientCheck.Row> rows,
      String error,
      String a,
      String b) {
    out.printf(
        Locale.ROOT,
        "  %-9s %8s  %13s  %-11s %13s %13s  %s%n",
        "parameter",
        "entries",
        error,
        "worst at",
        a,
        b,
        "result");
    for (GradientCheck.Row r : rows) {
      out.printf(
          Locale.ROOT,
          "  %-9s %8d  %13.3e  %-11s %13.6e %13.6e  %s%n",
          r.parameter(),
          r.entries(),
          r.maxError(),
          position(net, r),
          r.checked(),
          r.reference(),
          r.passed() ? "pass" : "FAIL");
    }
  }

  /** The worst index as [row, column] of the parameter's matrix. */
  private static String position(TwoLayerNet net, GradientCheck.Row r) {
    int cols = r.parameter().endsWith("1") ? net.hidden : net.classes;
    int i = r.worstIndex();
    return i < 0 ? "-" : "[" + (i / cols) + ", " + (i % cols) + "]";
  }

  /** The batch: the first images of the MNIST training set, or seeded synthetic ones. */
  record Batch(float[] x, int[] y, int pixels, String source) {}

  private Batch loadBatch(java.util.function.Consumer<String> log) {
    Path dir = DataLocator.choose(data, log);
    if (MnistLoader.isComplete(dir)) {
      MnistDataset train = MnistLoader.load(dir).train();
      int d = train.pixels();
      float[] x = new float[images * d];
      int[] y = new int[images];
      train.copyBatch(null, 0, images, x, y);
      return new Batch(x, y, d, "training images from " + dir);
    }
    return synthetic();
  }

  /**
   * 28×28 images with a random blob of ink in [0, 1] on a black background, and random labels:
   * enough to exercise every derivative, including rows of W1 whose pixel is zero.
   */
  private Batch synthetic() {
    int d = 784;
    Random rng = new Random(seed + 3);
    float[] x = new float[images * d];
    int[] y = new int[images];
    for (int i = 0; i < images; i++) {
      for (int p = 0; p < d; p++) {
        int r = p / 28;
        int c = p % 28;
        boolean ink = r >= 6 && r < 22 && c >= 8 && c < 20 && rng.nextInt(3) > 0;
        x[i * d + p] = ink ? rng.nextFloat() : 0f;
      }
      y[i] = rng.nextInt(10);
    }
    return new Batch(x, y, d, "synthetic images (seeded; MNIST not found, see --data)");
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    if (hidden < 1 || hidden > 256) {
      throw new CommandLine.ParameterException(
          cl, "--hidden must be between 1 and 256, got " + hidden);
    }
    if (images < 1 || images > 256) {
      throw new CommandLine.ParameterException(
          cl, "--images must be between 1 and 256, got " + images);
    }
    if (!Double.isFinite(reg) || reg < 0 || reg > 10) {
      throw new CommandLine.ParameterException(cl, "--reg must be between 0 and 10, got " + reg);
    }
  }
}
