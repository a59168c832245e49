import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

// As TrainAB, but each round is a Trainer.train call of two epochs, and only the second is timed (TrainingListener.epochEnded),
// the epoch in which train's batch helper (BatchesAhead) runs, and with it the paired steps (PairedSteps). For comparing
// settings that need the helper, e.g. target/mnist-nn.jar,mnistnn.pairedSteps=false target/mnist-nn.jar.
// Run: java -XX:+UseSerialGC -Xmx1g -XX:PerMethodTrapLimit=10000 --add-modules jdk.incubator.vector bench/probes/PairAB.java A.jar[,k=v] B.jar[,k=v] PAIRS [BATCH]
public class PairAB {
  static class Side {
    final Object train, test, trainer; final Method run;
    Side(String spec, int bs) throws Exception {
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
      Object cfg = cfgC.getConstructor(int.class, int.class, float.class, float.class, boolean.class, int.class, long.class, int.class, int.class).newInstance(2, bs, 0.02f, 1e-4f, true, 100, 1L, Integer.MAX_VALUE, Integer.MAX_VALUE);
      Class<?> trC = l.loadClass("org.mnistnn.training.Trainer");
      trainer = trC.getConstructor(cfgC, netC, long.class).newInstance(cfg, net, 0L);
      run = trC.getMethod("train", ds, ds, int.class);
      Class<?> lc = l.loadClass("org.mnistnn.training.TrainingListener");
      Object listener = java.lang.reflect.Proxy.newProxyInstance(l, new Class<?>[] {lc}, (p, m, a) -> {
        if (m.getName().equals("epochEnded")) { last = (Double) a[1]; }
        return m.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(p, m, a) : null;
      });
      trC.getMethod("addListener", lc).invoke(trainer, listener);
    }
    double last;
    // two epochs from epoch e; the time of the second, in which train's batch helper runs
    double epoch(int e) throws Exception {
      run.invoke(trainer, train, test, e);
      return last;
    }
  }
  static double med(List<Double> v) { List<Double> s = new ArrayList<>(v); Collections.sort(s); return s.get(s.size() / 2); }
  public static void main(String[] args) throws Exception {
    int bs = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    Side[] sides = {new Side(args[0], bs), new Side(args[1], bs)};
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
