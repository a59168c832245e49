package org.mnistnn.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels with the Vector API, written once for any vector width: each is a loop over whole
 * vectors up to {@link VectorSpecies#loopBound} and a scalar tail for the rest (the engine pads its
 * rows to whole vectors, so in training the tail is empty). Sums are kept per lane and added up at
 * the end, so they round differently from {@link ScalarKernels}' left-to-right sums.
 *
 * <p>One small subclass per width supplies the species as a {@code static final} constant: the JIT
 * compiles Vector API calls to vector instructions only when it can see the species as a constant,
 * which it can when the process loads one width (a process that uses several, like the tests that
 * compare every width, still gets right results, more slowly).
 */
public abstract class VectorKernels implements Kernels {
  private VectorKernels() {}

  /** The vector species, a constant in each subclass. */
  abstract VectorSpecies<Float> species();

  /** The width in bits of the widest vectors this machine runs natively. */
  public static int preferredBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  /** Kernels on {@code bits}-bit vectors (64, 128, 256 or 512). */
  public static VectorKernels ofBits(int bits) {
    return switch (bits) {
      case 64 -> new Bits64();
      case 128 -> new Bits128();
      case 256 -> new Bits256();
      case 512 -> new Bits512();
      default -> throw new IllegalArgumentException("no " + bits + "-bit vectors");
    };
  }

  /** Floats per vector. */
  public int lanes() {
    return species().length();
  }

  @Override
  public String name() {
    return "vector " + species().vectorBitSize() + "-bit";
  }

  @Override
  public void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
    VectorSpecies<Float> s = species();
    int i = 0;
    for (int end = s.loopBound(len); i < end; i += s.length()) {
      FloatVector xv = FloatVector.fromArray(s, x, xo + i);
      FloatVector yv = FloatVector.fromArray(s, y, yo + i);
      xv.fma(FloatVector.broadcast(s, a), yv).intoArray(y, yo + i);
    }
    for (; i < len; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The rows are taken four at a time: each vector of y is loaded once, receives the four rows'
   * terms and is stored, so a term costs one load and one FMA, and the vectors of one pass over y
   * are independent of each other, which keeps both FMA units busy at any vector width.
   */
  @Override
  public void addRows(
      float[] rows,
      int stride,
      int[] index,
      float[] coef,
      int from,
      int to,
      float[] y,
      int yo,
      int len) {
    VectorSpecies<Float> s = species();
    int v = s.length();
    int bound = s.loopBound(len);
    int e = from;
    for (; e + 4 <= to; e += 4) {
      int r0 = index[e] * stride;
      int r1 = index[e + 1] * stride;
      int r2 = index[e + 2] * stride;
      int r3 = index[e + 3] * stride;
      float c0 = coef[e];
      float c1 = coef[e + 1];
      float c2 = coef[e + 2];
      float c3 = coef[e + 3];
      FloatVector v0 = FloatVector.broadcast(s, c0);
      FloatVector v1 = FloatVector.broadcast(s, c1);
      FloatVector v2 = FloatVector.broadcast(s, c2);
      FloatVector v3 = FloatVector.broadcast(s, c3);
      int j = 0;
      for (; j < bound; j += v) {
        FloatVector a = FloatVector.fromArray(s, y, yo + j);
        a = FloatVector.fromArray(s, rows, r0 + j).fma(v0, a);
        a = FloatVector.fromArray(s, rows, r1 + j).fma(v1, a);
        a = FloatVector.fromArray(s, rows, r2 + j).fma(v2, a);
        a = FloatVector.fromArray(s, rows, r3 + j).fma(v3, a);
        a.intoArray(y, yo + j);
      }
      for (; j < len; j++) {
        float sum = y[yo + j];
        sum = Math.fma(rows[r0 + j], c0, sum);
        sum = Math.fma(rows[r1 + j], c1, sum);
        sum = Math.fma(rows[r2 + j], c2, sum);
        y[yo + j] = Math.fma(rows[r3 + j], c3, sum);
      }
    }
    for (; e < to; e++) {
      axpy(coef[e], rows, index[e] * stride, y, yo, len);
    }
  }

  /** {@inheritDoc} Four sums per lane, so that consecutive FMAs do not wait for each other. */
  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int len) {
    VectorSpecies<Float> s = species();
    int v = s.length();
    FloatVector acc0 = FloatVector.zero(s);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    int i = 0;
    for (int end = len - len % (4 * v); i < end; i += 4 * v) {
      acc0 = FloatVector.fromArray(s, a, ao + i).fma(FloatVector.fromArray(s, b, bo + i), acc0);
      acc1 =
          FloatVector.fromArray(s, a, ao + i + v)
              .fma(FloatVector.fromArray(s, b, bo + i + v), acc1);
      acc2 =
          FloatVector.fromArray(s, a, ao + i + 2 * v)
              .fma(FloatVector.fromArray(s, b, bo + i + 2 * v), acc2);
      acc3 =
          FloatVector.fromArray(s, a, ao + i + 3 * v)
              .fma(FloatVector.fromArray(s, b, bo + i + 3 * v), acc3);
    }
    for (int end = s.loopBound(len); i < end; i += v) {
      acc0 = FloatVector.fromArray(s, a, ao + i).fma(FloatVector.fromArray(s, b, bo + i), acc0);
    }
    float sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      sum += a[ao + i] * b[bo + i];
    }
    return sum;
  }

  @Override
  public void relu(float[] z, float[] h, int len) {
    VectorSpecies<Float> s = species();
    int i = 0;
    for (int end = s.loopBound(len); i < end; i += s.length()) {
      FloatVector.fromArray(s, z, i).max(0f).intoArray(h, i);
    }
    for (; i < len; i++) {
      h[i] = z[i] > 0 ? z[i] : 0;
    }
  }

  @Override
  public void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    VectorSpecies<Float> s = species();
    FloatVector zero = FloatVector.zero(s);
    int i = 0;
    for (int end = s.loopBound(len); i < end; i += s.length()) {
      VectorMask<Float> on = FloatVector.fromArray(s, z, i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(s, dh, i), on).intoArray(dz, i);
    }
    for (; i < len; i++) {
      dz[i] = z[i] > 0 ? dh[i] : 0;
    }
  }

  @Override
  public float sgdStep(float[] theta, int to, float[] g, int go, int len, float lr, float reg) {
    VectorSpecies<Float> s = species();
    FloatVector squares = FloatVector.zero(s);
    int i = 0;
    for (int end = s.loopBound(len); i < end; i += s.length()) {
      FloatVector t = FloatVector.fromArray(s, theta, to + i);
      FloatVector d = t.fma(FloatVector.broadcast(s, reg), FloatVector.fromArray(s, g, go + i));
      FloatVector updated = d.fma(FloatVector.broadcast(s, -lr), t);
      updated.intoArray(theta, to + i);
      squares = updated.fma(updated, squares);
    }
    float sum = squares.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      float t = theta[to + i] - lr * (g[go + i] + reg * theta[to + i]);
      theta[to + i] = t;
      sum += t * t;
    }
    return sum;
  }

  @Override
  public float momentumStep(
      float[] theta,
      float[] g,
      float[] v,
      int o,
      int len,
      float lr,
      float reg,
      float mu,
      boolean nesterov) {
    VectorSpecies<Float> s = species();
    FloatVector squares = FloatVector.zero(s);
    int i = 0;
    for (int end = s.loopBound(len); i < end; i += s.length()) {
      FloatVector t = FloatVector.fromArray(s, theta, o + i);
      FloatVector d = t.fma(FloatVector.broadcast(s, reg), FloatVector.fromArray(s, g, o + i));
      FloatVector vel = FloatVector.fromArray(s, v, o + i).mul(mu).sub(d.mul(lr));
      vel.intoArray(v, o + i);
      FloatVector updated = t.add(nesterov ? vel.mul(mu).sub(d.mul(lr)) : vel);
      updated.intoArray(theta, o + i);
      squares = updated.fma(updated, squares);
    }
    float sum = squares.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      float d = g[o + i] + reg * theta[o + i];
      v[o + i] = mu * v[o + i] - lr * d;
      float t = theta[o + i] + (nesterov ? mu * v[o + i] - lr * d : v[o + i]);
      theta[o + i] = t;
      sum += t * t;
    }
    return sum;
  }

  /**
   * {@inheritDoc} One sum per lane, added in the order {@link #sgdStep} and {@link #momentumStep}
   * add the squares they return, so that both give the same sum of the same values.
   */
  @Override
  public float sumOfSquares(float[] a, int o, int len) {
    VectorSpecies<Float> s = species();
    FloatVector acc = FloatVector.zero(s);
    int i = 0;
    for (int end = s.loopBound(len); i < end; i += s.length()) {
      FloatVector v = FloatVector.fromArray(s, a, o + i);
      acc = v.fma(v, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      sum += a[o + i] * a[o + i];
    }
    return sum;
  }

  /** Independent FMA chains in {@link #fmaChains}: enough to cover the FMA latency of two units. */
  public static final int CHAINS = 12;

  /**
   * The probe of the machine's float FMA rate: {@link #CHAINS} independent chains {@code c ← c·a +
   * b} on vectors held in registers, {@code iterations} times, so nothing but the FMA units limits
   * it. Returns the chains' sum so that the JIT cannot drop them. Its FLOP count is {@code 2 ·
   * lanes · CHAINS · iterations}.
   */
  public float fmaChains(long iterations) {
    VectorSpecies<Float> s = species();
    FloatVector a = FloatVector.broadcast(s, 0.999999f);
    FloatVector b = FloatVector.broadcast(s, 1e-7f);
    FloatVector c0 = FloatVector.broadcast(s, 1f);
    FloatVector c1 = c0.add(b);
    FloatVector c2 = c1.add(b);
    FloatVector c3 = c2.add(b);
    FloatVector c4 = c3.add(b);
    FloatVector c5 = c4.add(b);
    FloatVector c6 = c5.add(b);
    FloatVector c7 = c6.add(b);
    FloatVector c8 = c7.add(b);
    FloatVector c9 = c8.add(b);
    FloatVector c10 = c9.add(b);
    FloatVector c11 = c10.add(b);
    for (long i = 0; i < iterations; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
    }
    FloatVector sum =
        c0.add(c1)
            .add(c2.add(c3))
            .add(c4.add(c5).add(c6.add(c7)))
            .add(c8.add(c9).add(c10.add(c11)));
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static final class Bits64 extends VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_64;

    @Override
    VectorSpecies<Float> species() {
      return S;
    }
  }

  private static final class Bits128 extends VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_128;

    @Override
    VectorSpecies<Float> species() {
      return S;
    }
  }

  private static final class Bits256 extends VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    @Override
    VectorSpecies<Float> species() {
      return S;
    }
  }

  private static final class Bits512 extends VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    @Override
    VectorSpecies<Float> species() {
      return S;
    }
  }
}
