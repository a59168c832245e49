// In one JVM: two builds (base jar, new jar) in their own class loaders, alternating training epochs of the same batch size
// (MnistDataset.listNonZeros then Trainer.trainStep; thread CPU time, wall time, wall time of the listing alone) and 40
// evaluations each, so the machine's drift hits both alike. Prints the medians and the per-pair ratios new/base.
// Run: java -XX:+UseSerialGC -Xmx1g --add-modules jdk.incubator.vector bench/probes/StepAB.java BASE.jar NEW.jar PAIRS [BATCH]
import java.lang.management.*;
import java.lang.reflect.*;
import java.net.*;
import java.nio.file.Path;
import java.util.*;

public class StepAB {
  static final ThreadMXBean TM = ManagementFactory.getThreadMXBean();
  static class Side {
    final boolean direct; final Object train, test, trainer, net, x, acts, grads; final Method trainStep, list, copy, listBytes, shuffle, evaluate;
    final int bs; final int[] y;
    Side(String jar, int bs) throws Exception {
      this.direct = true; this.bs = bs; this.y = new int[bs];
      ClassLoader l = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> loader = l.loadClass("org.mnistnn.data.MnistLoader"), dataC = l.loadClass("org.mnistnn.data.MnistData"), ds = l.loadClass("org.mnistnn.data.MnistDataset");
      Object d = loader.getMethod("load", Path.class).invoke(null, Path.of(System.getProperty("user.home"), ".cache/mnist-nn/mnist"));
      train = dataC.getMethod("train").invoke(d); test = dataC.getMethod("test").invoke(d);
      Class<?> netC = l.loadClass("org.mnistnn.network.TwoLayerNet");
      net = netC.getMethod("initialised", int.class, int.class, int.class, Random.class).invoke(null, 784, 100, 10, new Random(1));
      Class<?> cfgC = l.loadClass("org.mnistnn.training.TrainConfig");
      Object cfg = cfgC.getConstructor(int.class, int.class, float.class, float.class, boolean.class, int.class, long.class, int.class, int.class).newInstance(1, bs, 0.02f, 1e-4f, true, 100, 1L, Integer.MAX_VALUE, Integer.MAX_VALUE);
      Class<?> trC = l.loadClass("org.mnistnn.training.Trainer");
      trainer = trC.getConstructor(cfgC, netC, long.class).newInstance(cfg, net, 0L);
      Class<?> sr = l.loadClass("org.mnistnn.kernels.SparseRows"), ac = l.loadClass("org.mnistnn.network.Activations"), gr = l.loadClass("org.mnistnn.network.Gradients");
      x = sr.getConstructor().newInstance(); acts = ac.getConstructor(netC, int.class).newInstance(net, bs); grads = gr.getConstructor(netC).newInstance(net);
      trainStep = trC.getMethod("trainStep", sr, int[].class, ac, gr);
      shuffle = trC.getMethod("shuffleOrder", int.class, long.class, int.class);
      list = direct ? ds.getMethod("listNonZeros", int[].class, int.class, int.class, sr, int[].class) : null;
      copy = ds.getMethod("copyImageBytes", int[].class, int.class, int.class, byte[].class, int[].class);
      listBytes = sr.getMethod("listBytes", byte[].class, int.class, int.class, float.class);
      evaluate = l.loadClass("org.mnistnn.eval.Evaluator").getMethod("evaluate", netC, ds);
    }
    double[] epoch(int e) throws Exception {
      int[] order = (int[]) shuffle.invoke(null, 60000, 1L, e);
      long c0 = TM.getCurrentThreadCpuTime(), w0 = System.nanoTime(); long lt = 0;
      for (int from = 0; from < 60000; from += bs) {
        long l0 = System.nanoTime();
        list.invoke(train, order, from, Math.min(bs, 60000 - from), x, y);
        lt += System.nanoTime() - l0;
        trainStep.invoke(trainer, x, y, acts, grads);
      }
      return new double[] {(TM.getCurrentThreadCpuTime() - c0) / 1e9, (System.nanoTime() - w0) / 1e9, lt / 1e9};
    }
    double eval() throws Exception { long w0 = System.nanoTime(); evaluate.invoke(null, net, test); return (System.nanoTime() - w0) / 1e6; }
  }
  static double med(List<Double> v) { List<Double> s = new ArrayList<>(v); Collections.sort(s); return s.get(s.size() / 2); }
  public static void main(String[] args) throws Exception {
    int bs = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    Side[] sides = {new Side(args[0], bs), new Side(args[1], bs)};
    int reps = Integer.parseInt(args[2]);
    List<List<Double>> lst = List.of(new ArrayList<>(), new ArrayList<>()), cpu = List.of(new ArrayList<>(), new ArrayList<>()), wall = List.of(new ArrayList<>(), new ArrayList<>()), ev = List.of(new ArrayList<>(), new ArrayList<>());
    List<Double> ratio = new ArrayList<>(), evRatio = new ArrayList<>();
    for (int r = -1; r < reps; r++) {
      double[] c = new double[2]; double[] e = new double[2];
      for (int s = 0; s < 2; s++) { double[] t = sides[s].epoch(r + 1); c[s] = t[0]; if (r >= 0) { cpu.get(s).add(t[0]); wall.get(s).add(t[1]); lst.get(s).add(t[2]); } }
      for (int s = 0; s < 2; s++) { List<Double> q = new ArrayList<>(); for (int i = 0; i < 40; i++) q.add(sides[s].eval()); e[s] = med(q); if (r >= 0) ev.get(s).add(e[s]); }
      if (r >= 0) { ratio.add(c[1] / c[0]); evRatio.add(e[1] / e[0]); }
    }
    String[] n = {"base", "new"};
    for (int s = 0; s < 2; s++) System.out.printf("%s: epoch cpu median %.3f s, wall median %.3f s, of which listing (wall) %.4f s; eval 10k wall median %.2f ms%n", n[s], med(cpu.get(s)), med(wall.get(s)), med(lst.get(s)), med(ev.get(s)));
    System.out.printf("new/base per pair: epoch cpu median %.3f %s; eval median %.3f %s%n", med(ratio), ratio, med(evRatio), evRatio);
  }
}
