// x·W1 alone on real batch-16 lists (the training set's images in order, W1 random 784×100), five variants of the
// panel order in one JVM, alternating, thread CPU time: the twelve-vector panel then the tail in its own four-chain pass
// (before), the twelve vectors alone, thirteen sums in one pass (VectorMatmul.panel12Tail), and two half-row passes.
// Run: MNIST_DATA=DIR java -XX:+UseSerialGC --add-modules jdk.incubator.vector bench/probes/FwdTail.java ROUNDS
// (DIR holds train-images-idx3-ubyte.gz).
import jdk.incubator.vector.*;
import java.io.*;
import java.util.*;
import java.util.zip.GZIPInputStream;

public class FwdTail {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  static final int V = 8;
  static int[] idx; static float[] val; static int[] start;

  public static void main(String[] a) throws Exception {
    DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(new FileInputStream(System.getenv().getOrDefault("MNIST_DATA", "../shared/data/mnist") + "/train-images-idx3-ubyte.gz"))));
    in.readInt(); int n = in.readInt(); in.readInt(); in.readInt();
    byte[] px = new byte[n * 784]; in.readFully(px);
    idx = new int[px.length]; val = new float[px.length]; start = new int[n + 1];
    int nz = 0;
    for (int i = 0; i < n; i++) { for (int p = 0; p < 784; p++) { int v = px[i*784+p] & 255; if (v != 0) { idx[nz] = p; val[nz] = v / 255f; nz++; } } start[i+1] = nz; }
    float[] w = new float[784 * 100]; Random r = new Random(1); for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian() * 0.1f;
    float[] c = new float[16 * 100];
    String[] names = {"cur12+tail4", "only12", "one13", "halves7+6", "halves6+7tail4"};
    int rounds = Integer.parseInt(a[0]);
    List<double[]> res = new ArrayList<>();
    for (int k = 0; k < names.length; k++) res.add(new double[rounds]);
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < names.length; k++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int img = 0; img < 60000; img++) {
          int o = (img & 15) * 100;
          int lo = start[img], hi = start[img + 1];
          switch (k) {
            case 0: p12(w, c, o, 0, lo, hi); p1(w, c, o, 92, lo, hi); break;
            case 1: p12(w, c, o, 0, lo, hi); break;
            case 2: p13(w, c, o, lo, hi); break;
            case 3: h7(w, c, o, lo, hi); h6t(w, c, o, lo, hi); break;
            case 4: h6(w, c, o, lo, hi); h6b(w, c, o, lo, hi); p1(w, c, o, 92, lo, hi); break;
          }
        }
        res.get(k)[round] = (mx.getCurrentThreadCpuTime() - t0) / 3750.0 / 1000.0;
      }
    }
    for (int k = 0; k < names.length; k++) { double[] x = res.get(k).clone(); Arrays.sort(x); System.out.printf("%-16s median %.2f µs per batch of 16 (min %.2f)%n", names[k], x[rounds/2], x[0]); }
  }
  static void p12(float[] b, float[] c, int ci, int j, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    for (int t = lo; t < hi; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t] * 100 + j;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0); c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2*V).fma(av, c2); c3 = FloatVector.fromArray(S, b, bo + 3*V).fma(av, c3);
      c4 = FloatVector.fromArray(S, b, bo + 4*V).fma(av, c4); c5 = FloatVector.fromArray(S, b, bo + 5*V).fma(av, c5);
      c6 = FloatVector.fromArray(S, b, bo + 6*V).fma(av, c6); c7 = FloatVector.fromArray(S, b, bo + 7*V).fma(av, c7);
      c8 = FloatVector.fromArray(S, b, bo + 8*V).fma(av, c8); c9 = FloatVector.fromArray(S, b, bo + 9*V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10*V).fma(av, c10); c11 = FloatVector.fromArray(S, b, bo + 11*V).fma(av, c11);
    }
    int o = ci + j;
    c0.intoArray(c, o); c1.intoArray(c, o+V); c2.intoArray(c, o+2*V); c3.intoArray(c, o+3*V); c4.intoArray(c, o+4*V); c5.intoArray(c, o+5*V);
    c6.intoArray(c, o+6*V); c7.intoArray(c, o+7*V); c8.intoArray(c, o+8*V); c9.intoArray(c, o+9*V); c10.intoArray(c, o+10*V); c11.intoArray(c, o+11*V);
  }
  static void p13(float[] b, float[] c, int ci, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0, ct = c0;
    for (int t = lo; t < hi; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t] * 100;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0); c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2*V).fma(av, c2); c3 = FloatVector.fromArray(S, b, bo + 3*V).fma(av, c3);
      c4 = FloatVector.fromArray(S, b, bo + 4*V).fma(av, c4); c5 = FloatVector.fromArray(S, b, bo + 5*V).fma(av, c5);
      c6 = FloatVector.fromArray(S, b, bo + 6*V).fma(av, c6); c7 = FloatVector.fromArray(S, b, bo + 7*V).fma(av, c7);
      c8 = FloatVector.fromArray(S, b, bo + 8*V).fma(av, c8); c9 = FloatVector.fromArray(S, b, bo + 9*V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10*V).fma(av, c10); c11 = FloatVector.fromArray(S, b, bo + 11*V).fma(av, c11);
      ct = FloatVector.fromArray(S, b, bo + 92).fma(av, ct);
    }
    int o = ci;
    ct.intoArray(c, o + 92);
    c0.intoArray(c, o); c1.intoArray(c, o+V); c2.intoArray(c, o+2*V); c3.intoArray(c, o+3*V); c4.intoArray(c, o+4*V); c5.intoArray(c, o+5*V);
    c6.intoArray(c, o+6*V); c7.intoArray(c, o+7*V); c8.intoArray(c, o+8*V); c9.intoArray(c, o+9*V); c10.intoArray(c, o+10*V); c11.intoArray(c, o+11*V);
  }
  static void h7(float[] b, float[] c, int ci, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0;
    for (int t = lo; t < hi; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t] * 100;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0); c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2*V).fma(av, c2); c3 = FloatVector.fromArray(S, b, bo + 3*V).fma(av, c3);
      c4 = FloatVector.fromArray(S, b, bo + 4*V).fma(av, c4); c5 = FloatVector.fromArray(S, b, bo + 5*V).fma(av, c5);
      c6 = FloatVector.fromArray(S, b, bo + 6*V).fma(av, c6);
    }
    int o = ci;
    c0.intoArray(c, o); c1.intoArray(c, o+V); c2.intoArray(c, o+2*V); c3.intoArray(c, o+3*V); c4.intoArray(c, o+4*V); c5.intoArray(c, o+5*V); c6.intoArray(c, o+6*V);
  }
  static void h6t(float[] b, float[] c, int ci, int lo, int hi) {
    FloatVector c7 = FloatVector.zero(S), c8 = c7, c9 = c7, c10 = c7, c11 = c7, ct = c7;
    for (int t = lo; t < hi; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t] * 100;
      c7 = FloatVector.fromArray(S, b, bo + 7*V).fma(av, c7);
      c8 = FloatVector.fromArray(S, b, bo + 8*V).fma(av, c8); c9 = FloatVector.fromArray(S, b, bo + 9*V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10*V).fma(av, c10); c11 = FloatVector.fromArray(S, b, bo + 11*V).fma(av, c11);
      ct = FloatVector.fromArray(S, b, bo + 92).fma(av, ct);
    }
    int o = ci;
    ct.intoArray(c, o + 92);
    c7.intoArray(c, o+7*V); c8.intoArray(c, o+8*V); c9.intoArray(c, o+9*V); c10.intoArray(c, o+10*V); c11.intoArray(c, o+11*V);
  }
  static void h6(float[] b, float[] c, int ci, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    for (int t = lo; t < hi; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t] * 100;
      c0 = FloatVector.fromArray(S, b, bo).fma(av, c0); c1 = FloatVector.fromArray(S, b, bo + V).fma(av, c1);
      c2 = FloatVector.fromArray(S, b, bo + 2*V).fma(av, c2); c3 = FloatVector.fromArray(S, b, bo + 3*V).fma(av, c3);
      c4 = FloatVector.fromArray(S, b, bo + 4*V).fma(av, c4); c5 = FloatVector.fromArray(S, b, bo + 5*V).fma(av, c5);
    }
    int o = ci;
    c0.intoArray(c, o); c1.intoArray(c, o+V); c2.intoArray(c, o+2*V); c3.intoArray(c, o+3*V); c4.intoArray(c, o+4*V); c5.intoArray(c, o+5*V);
  }
  static void h6b(float[] b, float[] c, int ci, int lo, int hi) {
    FloatVector c6 = FloatVector.zero(S), c7 = c6, c8 = c6, c9 = c6, c10 = c6, c11 = c6;
    for (int t = lo; t < hi; t++) {
      FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t] * 100;
      c6 = FloatVector.fromArray(S, b, bo + 6*V).fma(av, c6); c7 = FloatVector.fromArray(S, b, bo + 7*V).fma(av, c7);
      c8 = FloatVector.fromArray(S, b, bo + 8*V).fma(av, c8); c9 = FloatVector.fromArray(S, b, bo + 9*V).fma(av, c9);
      c10 = FloatVector.fromArray(S, b, bo + 10*V).fma(av, c10); c11 = FloatVector.fromArray(S, b, bo + 11*V).fma(av, c11);
    }
    int o = ci;
    c6.intoArray(c, o+6*V); c7.intoArray(c, o+7*V); c8.intoArray(c, o+8*V); c9.intoArray(c, o+9*V); c10.intoArray(c, o+10*V); c11.intoArray(c, o+11*V);
  }
  static void p1(float[] b, float[] c, int ci, int j, int lo, int hi) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    int t = lo;
    for (; t + 3 < hi; t += 4) {
      c0 = FloatVector.fromArray(S, b, idx[t] * 100 + j).fma(FloatVector.broadcast(S, val[t]), c0);
      c1 = FloatVector.fromArray(S, b, idx[t+1] * 100 + j).fma(FloatVector.broadcast(S, val[t+1]), c1);
      c2 = FloatVector.fromArray(S, b, idx[t+2] * 100 + j).fma(FloatVector.broadcast(S, val[t+2]), c2);
      c3 = FloatVector.fromArray(S, b, idx[t+3] * 100 + j).fma(FloatVector.broadcast(S, val[t+3]), c3);
    }
    for (; t < hi; t++) c0 = FloatVector.fromArray(S, b, idx[t] * 100 + j).fma(FloatVector.broadcast(S, val[t]), c0);
    c0.add(c1).add(c2.add(c3)).intoArray(c, ci + j);
  }
}
