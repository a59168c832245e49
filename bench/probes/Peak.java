import jdk.incubator.vector.*;
/**
 * A calibration for the kernels: twelve independent fused multiply-add chains over vectors loaded
 * from an L1-resident array, the inner loop of the first layer's panels with every load hitting
 * L1. Prints nanoseconds per iteration (12 loads, 12 FMAs) and GFLOP/s on one core.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector bench/probes/Peak.java}.
 */
public class Peak {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  static float run(float[] b, int iters) {
    FloatVector a = FloatVector.broadcast(S, 1.0000001f);
    FloatVector c0=FloatVector.zero(S),c1=c0,c2=c0,c3=c0,c4=c0,c5=c0,c6=c0,c7=c0,c8=c0,c9=c0,c10=c0,c11=c0;
    for (int i = 0; i < iters; i++) {
      int o = (i & 63) * 96;
      c0=FloatVector.fromArray(S,b,o).fma(a,c0); c1=FloatVector.fromArray(S,b,o+8).fma(a,c1);
      c2=FloatVector.fromArray(S,b,o+16).fma(a,c2); c3=FloatVector.fromArray(S,b,o+24).fma(a,c3);
      c4=FloatVector.fromArray(S,b,o+32).fma(a,c4); c5=FloatVector.fromArray(S,b,o+40).fma(a,c5);
      c6=FloatVector.fromArray(S,b,o+48).fma(a,c6); c7=FloatVector.fromArray(S,b,o+56).fma(a,c7);
      c8=FloatVector.fromArray(S,b,o+64).fma(a,c8); c9=FloatVector.fromArray(S,b,o+72).fma(a,c9);
      c10=FloatVector.fromArray(S,b,o+80).fma(a,c10); c11=FloatVector.fromArray(S,b,o+88).fma(a,c11);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x) {
    float[] b = new float[64*96+96];
    float s = 0;
    for (int k = 0; k < 20; k++) s += run(b, 1_000_000);
    int n = 50_000_000;
    long t = System.nanoTime(); s += run(b, n); long e = System.nanoTime() - t;
    System.out.printf("%.2f ns per 12-FMA iteration, %.1f GFLOP/s (%s)%n", e / (double) n, 12.0*16*n/e, s);
  }
}
