import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

// In one JVM: two builds (base jar, new jar) in their own class loaders, alternating whole training epochs through
// Trainer.train (the loop `train` runs, with its batch listing; evaluation at the epoch's end on a 100-image slice of the
// test set), so the machine's drift hits both alike. Prints the medians and the per-pair ratios new/base.
// Run: java -XX:+UseSerialGC -Xmx1g --add-modules jdk.incubator.vector bench/probes/TrainAB.java BASE.jar NEW.jar PAIRS [BATCH [ahead]]
// train's batch-ahead helper (BatchesAhead) starts with the second epoch of a Trainer.train call, so these one-epoch calls
// run without it; bench (runImages) uses it from the first batch. With a fifth argument `ahead`, each round is instead a
// two-epoch Trainer.train call of which only the second epoch is timed (TrainingListener.epochEnded): the epoch with the
// helper and the paired steps (PairedSteps), e.g. target/mnist-nn.jar,mnistnn.pairedSteps=false target/mnist-nn.jar 11 16 ahead.
// A side may carry system properties for its own kernels, read when its classes initialise: JAR,key=value[,key=value...]
// (the same jar twice then compares two settings, e.g. target/mnist-nn.jar,mnistnn.halvesUpTo=0 target/mnist-nn.jar).
public class TrainAB {
  static class Side {
    final Object train, test, trainer; final Method run;
    Side(String spec, int bs, boolean ahead) throws Exception {
      String[] parts = spec.split(",");
      String jar = parts[0];
      ClassLoader l = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      // this side's properties, set while its kernel classes initialise, then put back
      java.util.Map<String, String> before = new java.util.HashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        before.put(kv[0], System.getProperty(kv[0]));
        System.setProperty(kv[0], kv[1]);
      }
      try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar)) {
        for (java.util.Enumeration<java.util.jar.JarEntry> en = jf.entries(); en.hasMoreElements(); ) {
          String name = en.nextElement().getName();
          if ((name.startsWith("org/mnistnn/kernels/") || name.startsWith("org/mnistnn/training/")) && name.endsWith(".class") && !name.contains("$")) {
            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), true, l);
          }
        }
      }
      before.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
      Class<?> loader = l.loadClass("org.mnistnn.data.MnistLoader"), dataC = l.loadClass("org.mnistnn.data.MnistData"), ds = l.loadClass("org.mnistnn.data.MnistDataset");
      Object d = loader.getMethod("load", Path.class).invoke(null, Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
      train = dataC.getMethod("train").invoke(d);
      test = ds.getMethod("slice", int.class, int.class).invoke(dataC.getMethod("test").invoke(d), 0, 100);
      Class<?> netC = l.loadClass("org.mnistnn.network.TwoLayerNet");
      Object net = netC.getMethod("initialised", int.class, int.class, int.class, Random.class).invoke(null, 784, 100, 10, new Random(1));
      Class<?> cfgC = l.loadClass("org.mnistnn.training.TrainConfig");
      Object cfg = cfgC.getConstructor(int.class, int.class, float.class, float.class, boolean.class, int.class, long.class, int.class, int.class).newInstance(ahead ? 2 : 1, bs, 0.02f, 1e-4f, true, 100, 1L, Integer.MAX_VALUE, Integer.MAX_VALUE);
      Class<?> trC = l.loadClass("org.mnistnn.training.Trainer");
      trainer = trC.getConstructor(cfgC, netC, long.class).newInstance(cfg, net, 0L);
      run = trC.getMethod("train", ds, ds, int.class);
      this.ahead = ahead;
      Class<?> lc = l.loadClass("org.mnistnn.training.TrainingListener");
      Object listener = java.lang.reflect.Proxy.newProxyInstance(l, new Class<?>[] {lc}, (p, m, a) -> {
        if (m.getName().equals("epochEnded")) { last = (Double) a[1]; }
        return m.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(p, m, a) : null;
      });
      trC.getMethod("addListener", lc).invoke(trainer, listener);
    }
    final boolean ahead;
    double last; // the seconds of the last epoch ended
    double epoch(int e) throws Exception {
      long w0 = System.nanoTime();
      run.invoke(trainer, train, test, e);
      return ahead ? last : (System.nanoTime() - w0) / 1e9;
    }
  }
  static double med(List<Double> v) { List<Double> s = new ArrayList<>(v); Collections.sort(s); return s.get(s.size() / 2); }
  public static void main(String[] args) throws Exception {
    int bs = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    boolean ahead = args.length > 4 && args[4].equals("ahead");
    Side[] sides = {new Side(args[0], bs, ahead), new Side(args[1], bs, ahead)};
    int reps = Integer.parseInt(args[2]);
    List<List<Double>> wall = List.of(new ArrayList<>(), new ArrayList<>());
    List<Double> ratio = new ArrayList<>();
    for (int r = -2; r < reps; r++) { // two warm-up pairs
      double[] w = new double[2];
      for (int s = 0; s < 2; s++) { int side = (r & 1) == 0 ? s : 1 - s; w[side] = sides[side].epoch(r + 2); }
      if (r >= 0) { wall.get(0).add(w[0]); wall.get(1).add(w[1]); ratio.add(w[1] / w[0]); }
    }
    System.out.printf("batch %d: base epoch median %.3f s %s%n", bs, med(wall.get(0)), wall.get(0));
    System.out.printf("batch %d: new  epoch median %.3f s %s%n", bs, med(wall.get(1)), wall.get(1));
    System.out.printf("new/base per pair: median %.3f %s%n", med(ratio), ratio);
  }
}
