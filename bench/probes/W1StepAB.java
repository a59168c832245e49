import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

// W1's SGD step alone (KernelProvider.sparseMatmulTransASgdUpdate of the vector kernels: the columns listed, xᵀ·dz1
// into W1 ← W1 − lr·(dW1 + reg·W1), ΣW1²), two builds or settings in one JVM, alternating rounds. Each side has its own
// class loader; a side may carry system properties read when its kernel classes initialise (JAR,key=value,...), so the
// same jar twice compares two settings, e.g. target/mnist-nn.jar,mnistnn.halvesUpTo=0 target/mnist-nn.jar.
// Real MNIST batches (the first BATCH·min(64, 60000/BATCH) training images, listed from the bytes), dz1 random with half of it zero as
// after ReLU, lr 0.02, reg 1e-4; each call gets a fresh listing (as training does), so the column listing is timed too.
// Prints the median µs per step of each side and the median of the per-round ratios B/A.
// Run: java -XX:+UseSerialGC -Xmx1g --add-modules jdk.incubator.vector bench/probes/W1StepAB.java A.jar[,k=v] B.jar[,k=v] BATCH ROUNDS
public class W1StepAB {
  static class Side {
    final Object kernels;
    final Method step, listBytes;
    final Object[] rows;
    final float[][] dz;
    final float[] w;

    Side(String spec, byte[] pixels, int batch, int batches) throws Exception {
      String[] parts = spec.split(",");
      String jar = parts[0];
      ClassLoader l = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Map<String, String> before = new HashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        before.put(kv[0], System.getProperty(kv[0]));
        System.setProperty(kv[0], kv[1]);
      }
      try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar)) {
        for (var en = jf.entries(); en.hasMoreElements(); ) {
          String name = en.nextElement().getName();
          if (name.startsWith("org/mnistnn/kernels/") && name.endsWith(".class") && !name.contains("$")) {
            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), true, l);
          }
        }
      }
      before.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
      Class<?> kc = l.loadClass("org.mnistnn.kernels.Kernels");
      Class<?> kp = l.loadClass("org.mnistnn.kernels.KernelProvider");
      Class<?> sr = l.loadClass("org.mnistnn.kernels.SparseRows");
      kernels = kc.getMethod("vector").invoke(null);
      step = kp.getMethod("sparseMatmulTransASgdUpdate", sr, float[].class, float[].class, int.class, float.class, float.class);
      listBytes = sr.getMethod("listBytes", byte[].class, int[].class, int.class, int.class, int.class, float.class);
      rows = new Object[batches];
      dz = new float[batches][];
      Random rng = new Random(batch);
      for (int b = 0; b < batches; b++) {
        rows[b] = sr.getConstructor().newInstance();
        dz[b] = new float[batch * 100];
        for (int i = 0; i < dz[b].length; i++) {
          dz[b][i] = rng.nextBoolean() ? 0f : (float) rng.nextGaussian() * 1e-3f;
        }
      }
      w = new float[784 * 100];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) rng.nextGaussian() * 0.1f;
      }
    }

    /** µs per step over {@code steps} steps, each on a freshly listed batch. */
    double time(byte[] pixels, int batch, int steps) throws Exception {
      long spent = 0;
      for (int s = 0; s < steps; s++) {
        int b = s % rows.length;
        listBytes.invoke(rows[b], pixels, null, b * batch, batch, 784, 1f / 255f); // untimed: a new listing
        long t0 = System.nanoTime();
        step.invoke(kernels, rows[b], dz[b], w, 100, 0.02f, 1e-4f);
        spent += System.nanoTime() - t0;
      }
      return spent / 1e3 / steps;
    }
  }

  public static void main(String[] args) throws Exception {
    int batch = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    int batches = Math.min(64, 60000 / batch);
    byte[] pixels = trainingBytes(args[0].split(",")[0], batch * batches);
    Side[] sides = {new Side(args[0], pixels, batch, batches), new Side(args[1], pixels, batch, batches)};
    int steps = Math.max(20, 8000 / batch);
    List<Double> a = new ArrayList<>(), b = new ArrayList<>(), ratio = new ArrayList<>();
    for (int r = -5; r < rounds; r++) { // five warm-up rounds: C2 compiles the big kernels late
      double ta, tb;
      if ((r & 1) == 0) {
        ta = sides[0].time(pixels, batch, steps);
        tb = sides[1].time(pixels, batch, steps);
      } else {
        tb = sides[1].time(pixels, batch, steps);
        ta = sides[0].time(pixels, batch, steps);
      }
      if (r >= 0) {
        a.add(ta);
        b.add(tb);
        ratio.add(tb / ta);
      }
    }
    System.out.printf("batch %d: A median %.1f µs, B median %.1f µs, B/A per round: median %.3f (%.3f–%.3f), %d rounds of %d steps%n",
        batch, med(a), med(b), med(ratio), min(ratio), max(ratio), rounds, steps);
  }

  /** The first {@code images} training images' bytes, through the jar's own loader (the cache, as `train` finds it). */
  static byte[] trainingBytes(String jar, int images) throws Exception {
    ClassLoader l = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> loader = l.loadClass("org.mnistnn.data.MnistLoader");
    Class<?> dataC = l.loadClass("org.mnistnn.data.MnistData");
    Class<?> ds = l.loadClass("org.mnistnn.data.MnistDataset");
    Object d = loader.getMethod("load", Path.class).invoke(null, Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
    Object train = dataC.getMethod("train").invoke(d);
    byte[] pixels = new byte[images * 784];
    int[] y = new int[images];
    ds.getMethod("copyImageBytes", int[].class, int.class, int.class, byte[].class, int[].class).invoke(train, null, 0, images, pixels, y);
    return pixels;
  }

  static double med(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static double min(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
