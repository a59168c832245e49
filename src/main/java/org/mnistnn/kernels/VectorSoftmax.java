package org.mnistnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-wise softmax with the Vector API.
 *
 * <pre>
 * p[i, j] = exp(z[i, j] − m_i) / Σ_k exp(z[i, k] − m_i),   m_i = max_k z[i, k]
 * </pre>
 *
 * The exponential of whole vectors uses the JDK's vector {@code EXP} (an intrinsic on x86), which
 * may differ from {@link Math#exp} in the last bit; the tail uses {@link Math#exp}. Sums are taken
 * in another order than the reference, so results agree to rounding, not bit for bit.
 */
final class VectorSoftmax {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private VectorSoftmax() {}

  /** {@code p = softmax(z)} row by row; z, p (m × n). */
  static void rows(float[] z, float[] p, int m, int n) {
    int body = S.loopBound(n);
    for (int i = 0; i < m; i++) {
      int o = i * n;
      float max = rowMax(z, o, n, body);
      float sum = 0f;
      int j = 0;
      if (body > 0) {
        FloatVector acc = FloatVector.zero(S);
        for (; j < body; j += V) {
          FloatVector e = FloatVector.fromArray(S, z, o + j).sub(max).lanewise(VectorOperators.EXP);
          e.intoArray(p, o + j);
          acc = acc.add(e);
        }
        sum = acc.reduceLanes(VectorOperators.ADD);
      }
      for (; j < n; j++) {
        float e = (float) Math.exp(z[o + j] - max);
        p[o + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      j = 0;
      for (; j < body; j += V) {
        FloatVector.fromArray(S, p, o + j).mul(inv).intoArray(p, o + j);
      }
      for (; j < n; j++) {
        p[o + j] *= inv;
      }
    }
  }

  /** The largest of {@code z[o .. o+n)}; {@code body} is the vector loop bound of n. */
  private static float rowMax(float[] z, int o, int n, int body) {
    float max = Float.NEGATIVE_INFINITY;
    int j = 0;
    if (body > 0) {
      FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (; j < body; j += V) {
        mv = mv.max(FloatVector.fromArray(S, z, o + j));
      }
      max = mv.reduceLanes(VectorOperators.MAX);
    }
    for (; j < n; j++) {
      max = Math.max(max, z[o + j]);
    }
    return max;
  }
}
