import java.util.*;
import jdk.incubator.vector.*;

/**
 * Why a pixel-major x·W1 (z1 accumulated in memory, row p of W1 added into the z1 rows of the images
 * inked at p) lost 2-3× here: the same list of 2,000 (row, value) terms summed into 12 vectors (96
 * floats) kept in registers ("regs", today's kernel), or read-modify-written in memory ("rmw1" into
 * one z1 row, "rmw4"/"rmw16" rotating over 4 or 16 rows, as pixel-major does). With K = 1 every term
 * reads the same, L1-resident row of B, so only the accumulation differs; K = 784 is W1's size.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector bench/probes/FwdRmw.java K} (no jar needed).
 */
public class FwdRmw {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  static final int V = 8;
  // image-major: 12 accumulators in registers over idx list
  static void regs(float[] b, float[] c, int[] idx, float[] val, int nz, int n) {
    FloatVector c0=FloatVector.zero(S),c1=c0,c2=c0,c3=c0,c4=c0,c5=c0,c6=c0,c7=c0,c8=c0,c9=c0,c10=c0,c11=c0;
    for (int t = 0; t < nz; t++) { FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t]*n;
      c0=FloatVector.fromArray(S,b,bo).fma(av,c0); c1=FloatVector.fromArray(S,b,bo+8).fma(av,c1); c2=FloatVector.fromArray(S,b,bo+16).fma(av,c2); c3=FloatVector.fromArray(S,b,bo+24).fma(av,c3);
      c4=FloatVector.fromArray(S,b,bo+32).fma(av,c4); c5=FloatVector.fromArray(S,b,bo+40).fma(av,c5); c6=FloatVector.fromArray(S,b,bo+48).fma(av,c6); c7=FloatVector.fromArray(S,b,bo+56).fma(av,c7);
      c8=FloatVector.fromArray(S,b,bo+64).fma(av,c8); c9=FloatVector.fromArray(S,b,bo+72).fma(av,c9); c10=FloatVector.fromArray(S,b,bo+80).fma(av,c10); c11=FloatVector.fromArray(S,b,bo+88).fma(av,c11); }
    c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).intoArray(c, 0);
  }
  // RMW: same list, accumulate in c row 0 in memory
  static void rmw(float[] b, float[] c, int[] idx, float[] val, int nz, int n) {
    for (int t = 0; t < nz; t++) { FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t]*n;
      for (int q = 0; q < 96; q += 32) {
        FloatVector.fromArray(S,b,bo+q).fma(av,FloatVector.fromArray(S,c,q)).intoArray(c,q);
        FloatVector.fromArray(S,b,bo+q+8).fma(av,FloatVector.fromArray(S,c,q+8)).intoArray(c,q+8);
        FloatVector.fromArray(S,b,bo+q+16).fma(av,FloatVector.fromArray(S,c,q+16)).intoArray(c,q+16);
        FloatVector.fromArray(S,b,bo+q+24).fma(av,FloatVector.fromArray(S,c,q+24)).intoArray(c,q+24);
      } }
  }
  // RMW rotating over R images' rows
  static void rmwRot(float[] b, float[] c, int[] idx, float[] val, int nz, int n, int R) {
    for (int t = 0; t < nz; t++) { FloatVector av = FloatVector.broadcast(S, val[t]); int bo = idx[t]*n; int co = (t % R) * n;
      for (int q = 0; q < 96; q += 32) {
        FloatVector.fromArray(S,b,bo+q).fma(av,FloatVector.fromArray(S,c,co+q)).intoArray(c,co+q);
        FloatVector.fromArray(S,b,bo+q+8).fma(av,FloatVector.fromArray(S,c,co+q+8)).intoArray(c,co+q+8);
        FloatVector.fromArray(S,b,bo+q+16).fma(av,FloatVector.fromArray(S,c,co+q+16)).intoArray(c,co+q+16);
        FloatVector.fromArray(S,b,bo+q+24).fma(av,FloatVector.fromArray(S,c,co+q+24)).intoArray(c,co+q+24);
      } }
  }
  public static void main(String[] a) {
    int n = 100, k = Integer.parseInt(a[0]), nz = 2000; Random r = new Random(1);
    float[] b = new float[k*n]; for (int i=0;i<b.length;i++) b[i]=r.nextFloat();
    int[] idx = new int[nz]; float[] val = new float[nz]; for (int t=0;t<nz;t++){idx[t]=r.nextInt(k);val[t]=r.nextFloat();}
    float[] c = new float[64*n];
    for (int w=0; w<20000; w++){regs(b,c,idx,val,nz,n); rmw(b,c,idx,val,nz,n); rmwRot(b,c,idx,val,nz,n,4);}
    var mx = java.lang.management.ManagementFactory.getThreadMXBean(); // thread CPU time: steadier on a busy machine
    for (int rep=0; rep<5; rep++) {
      long s=mx.getCurrentThreadCpuTime(); for(int i=0;i<1000;i++) regs(b,c,idx,val,nz,n); double t1=(mx.getCurrentThreadCpuTime()-s)/1000.0/nz;
      s=mx.getCurrentThreadCpuTime(); for(int i=0;i<1000;i++) rmw(b,c,idx,val,nz,n); double t2=(mx.getCurrentThreadCpuTime()-s)/1000.0/nz;
      s=mx.getCurrentThreadCpuTime(); for(int i=0;i<1000;i++) rmwRot(b,c,idx,val,nz,n,4); double t3=(mx.getCurrentThreadCpuTime()-s)/1000.0/nz;
      s=mx.getCurrentThreadCpuTime(); for(int i=0;i<1000;i++) rmwRot(b,c,idx,val,nz,n,16); double t4=(mx.getCurrentThreadCpuTime()-s)/1000.0/nz;
      System.out.printf("k=%d regs %.2f rmw1 %.2f rmw4 %.2f rmw16 %.2f ns/nz%n", k, t1, t2, t3, t4);
    }
  }
}
