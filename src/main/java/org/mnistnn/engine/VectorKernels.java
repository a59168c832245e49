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
   * <p>y is cut into blocks of up to {@link #BLOCK} vectors, and each block is held in registers
   * while every listed row adds its term to it, then stored once: a term costs one load and one FMA
   * a vector, and a block's vectors are independent chains. Each element receives its terms in list
   * order, one FMA each. The squares are summed per lane in four chains over a block's vectors,
   * then across the lanes, then over the blocks.
   */
  @Override
  public float addRows(
      float[] rows,
      int ro,
      int stride,
      int[] index,
      float[] coef,
      float factor,
      int from,
      int to,
      float[] y,
      int yo,
      int len) {
    VectorSpecies<Float> s = species();
    int v = s.length();
    int whole = len / v;
    if (whole > BLOCK && to > from) {
      sweep(rows, ro, stride, index, coef, factor, from, to, y, yo, len);
      // the squares as the blocks sum them: the blocks again, without terms
      return addRows(rows, ro, stride, index, coef, factor, from, from, y, yo, len);
    }
    int j = 0;
    float squares = 0;
    for (; whole > 0; whole -= BLOCK, j += BLOCK * v) {
      squares +=
          addBlock(
              rows,
              stride,
              index,
              coef,
              factor,
              from,
              to,
              y,
              yo + j,
              ro + j,
              Math.min(whole, BLOCK));
    }
    for (j = len / v * v; j < len; j++) {
      float sum = y[yo + j];
      for (int e = from; e < to; e++) {
        sum = Math.fma(rows[ro + index[e] * stride + j], factor * coef[e], sum);
      }
      y[yo + j] = sum;
      squares += sum * sum;
    }
    return squares;
  }

  /** The most vectors {@link #addRows} holds in registers at once. */
  static final int BLOCK = 14;

  /**
   * {@link #addRows}'s terms for a row longer than one block: four terms at a time, each pass
   * running along the whole row (a load and a store of y per four terms). Each element still
   * receives its terms in list order, one FMA each, so the result has the blocks' bits. On rows of
   * 800 floats, which W1 holds 784 of (2.5 MB, beyond L2), the blocks took each listed row 448
   * bytes at a time, once per block, and a 784-800-10 epoch at batch 32 took 15.9 s against 1.9
   * with these passes.
   */
  private void sweep(
      float[] rows,
      int ro,
      int stride,
      int[] index,
      float[] coef,
      float factor,
      int from,
      int to,
      float[] y,
      int yo,
      int len) {
    int e = from;
    for (; e + 4 <= to; e += 4) {
      sweep4(
          rows,
          ro + index[e] * stride,
          ro + index[e + 1] * stride,
          ro + index[e + 2] * stride,
          ro + index[e + 3] * stride,
          factor * coef[e],
          factor * coef[e + 1],
          factor * coef[e + 2],
          factor * coef[e + 3],
          y,
          yo,
          len);
    }
    for (; e < to; e++) {
      sweep1(rows, ro + index[e] * stride, factor * coef[e], y, yo, len);
    }
  }

  /** {@link #sweep} with the terms read as a data set lists them (see {@link #addInkedRows}). */
  private void sweepInked(
      float[] rows,
      int ro,
      int stride,
      short[] pixel,
      byte[] value,
      float[] coefOf,
      int from,
      int to,
      float[] y,
      int yo,
      int len) {
    int e = from;
    for (; e + 4 <= to; e += 4) {
      sweep4(
          rows,
          ro + (pixel[e] & 0xFFFF) * stride,
          ro + (pixel[e + 1] & 0xFFFF) * stride,
          ro + (pixel[e + 2] & 0xFFFF) * stride,
          ro + (pixel[e + 3] & 0xFFFF) * stride,
          coefOf[value[e] & 0xFF],
          coefOf[value[e + 1] & 0xFF],
          coefOf[value[e + 2] & 0xFF],
          coefOf[value[e + 3] & 0xFF],
          y,
          yo,
          len);
    }
    for (; e < to; e++) {
      sweep1(rows, ro + (pixel[e] & 0xFFFF) * stride, coefOf[value[e] & 0xFF], y, yo, len);
    }
  }

  /** y += c0·row r0 + c1·row r1 + c2·row r2 + c3·row r3, in that order for each element. */
  private void sweep4(
      float[] rows,
      int r0,
      int r1,
      int r2,
      int r3,
      float c0,
      float c1,
      float c2,
      float c3,
      float[] y,
      int yo,
      int len) {
    VectorSpecies<Float> s = species();
    FloatVector v0 = FloatVector.broadcast(s, c0);
    FloatVector v1 = FloatVector.broadcast(s, c1);
    FloatVector v2 = FloatVector.broadcast(s, c2);
    FloatVector v3 = FloatVector.broadcast(s, c3);
    int j = 0;
    for (int bound = s.loopBound(len); j < bound; j += s.length()) {
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

  /** y += c·row r, one FMA an element (not {@link #axpy}, whose tail rounds twice). */
  private void sweep1(float[] rows, int r, float c, float[] y, int yo, int len) {
    VectorSpecies<Float> s = species();
    FloatVector cv = FloatVector.broadcast(s, c);
    int j = 0;
    for (int bound = s.loopBound(len); j < bound; j += s.length()) {
      FloatVector.fromArray(s, rows, r + j)
          .fma(cv, FloatVector.fromArray(s, y, yo + j))
          .intoArray(y, yo + j);
    }
    for (; j < len; j++) {
      y[yo + j] = Math.fma(rows[r + j], c, y[yo + j]);
    }
  }

  /**
   * {@code y[at + k·v ..]} for the first {@code n} (1 to {@link #BLOCK}) vectors k, each held in a
   * register while the rows' terms are added. The accumulators past n are never used: the tests on
   * n are the same every term, so the processor predicts them. Returns the sum of the squares of
   * the new values.
   */
  private float addBlock(
      float[] rows,
      int stride,
      int[] index,
      float[] coef,
      float factor,
      int from,
      int to,
      float[] y,
      int at,
      int column,
      int n) {
    VectorSpecies<Float> s = species();
    int v = s.length();
    FloatVector z = FloatVector.zero(s);
    FloatVector a0 = n > 0 ? FloatVector.fromArray(s, y, at + 0 * v) : z;
    FloatVector a1 = n > 1 ? FloatVector.fromArray(s, y, at + 1 * v) : z;
    FloatVector a2 = n > 2 ? FloatVector.fromArray(s, y, at + 2 * v) : z;
    FloatVector a3 = n > 3 ? FloatVector.fromArray(s, y, at + 3 * v) : z;
    FloatVector a4 = n > 4 ? FloatVector.fromArray(s, y, at + 4 * v) : z;
    FloatVector a5 = n > 5 ? FloatVector.fromArray(s, y, at + 5 * v) : z;
    FloatVector a6 = n > 6 ? FloatVector.fromArray(s, y, at + 6 * v) : z;
    FloatVector a7 = n > 7 ? FloatVector.fromArray(s, y, at + 7 * v) : z;
    FloatVector a8 = n > 8 ? FloatVector.fromArray(s, y, at + 8 * v) : z;
    FloatVector a9 = n > 9 ? FloatVector.fromArray(s, y, at + 9 * v) : z;
    FloatVector a10 = n > 10 ? FloatVector.fromArray(s, y, at + 10 * v) : z;
    FloatVector a11 = n > 11 ? FloatVector.fromArray(s, y, at + 11 * v) : z;
    FloatVector a12 = n > 12 ? FloatVector.fromArray(s, y, at + 12 * v) : z;
    FloatVector a13 = n > 13 ? FloatVector.fromArray(s, y, at + 13 * v) : z;
    for (int e = from; e < to; e++) {
      int r = index[e] * stride + column;
      FloatVector c = FloatVector.broadcast(s, factor * coef[e]);
      a0 = FloatVector.fromArray(s, rows, r).fma(c, a0);
      if (n > 1) {
        a1 = FloatVector.fromArray(s, rows, r + 1 * v).fma(c, a1);
      }
      if (n > 2) {
        a2 = FloatVector.fromArray(s, rows, r + 2 * v).fma(c, a2);
      }
      if (n > 3) {
        a3 = FloatVector.fromArray(s, rows, r + 3 * v).fma(c, a3);
      }
      if (n > 4) {
        a4 = FloatVector.fromArray(s, rows, r + 4 * v).fma(c, a4);
      }
      if (n > 5) {
        a5 = FloatVector.fromArray(s, rows, r + 5 * v).fma(c, a5);
      }
      if (n > 6) {
        a6 = FloatVector.fromArray(s, rows, r + 6 * v).fma(c, a6);
      }
      if (n > 7) {
        a7 = FloatVector.fromArray(s, rows, r + 7 * v).fma(c, a7);
      }
      if (n > 8) {
        a8 = FloatVector.fromArray(s, rows, r + 8 * v).fma(c, a8);
      }
      if (n > 9) {
        a9 = FloatVector.fromArray(s, rows, r + 9 * v).fma(c, a9);
      }
      if (n > 10) {
        a10 = FloatVector.fromArray(s, rows, r + 10 * v).fma(c, a10);
      }
      if (n > 11) {
        a11 = FloatVector.fromArray(s, rows, r + 11 * v).fma(c, a11);
      }
      if (n > 12) {
        a12 = FloatVector.fromArray(s, rows, r + 12 * v).fma(c, a12);
      }
      if (n > 13) {
        a13 = FloatVector.fromArray(s, rows, r + 13 * v).fma(c, a13);
      }
    }
    a0.intoArray(y, at);
    if (n > 1) {
      a1.intoArray(y, at + 1 * v);
    }
    if (n > 2) {
      a2.intoArray(y, at + 2 * v);
    }
    if (n > 3) {
      a3.intoArray(y, at + 3 * v);
    }
    if (n > 4) {
      a4.intoArray(y, at + 4 * v);
    }
    if (n > 5) {
      a5.intoArray(y, at + 5 * v);
    }
    if (n > 6) {
      a6.intoArray(y, at + 6 * v);
    }
    if (n > 7) {
      a7.intoArray(y, at + 7 * v);
    }
    if (n > 8) {
      a8.intoArray(y, at + 8 * v);
    }
    if (n > 9) {
      a9.intoArray(y, at + 9 * v);
    }
    if (n > 10) {
      a10.intoArray(y, at + 10 * v);
    }
    if (n > 11) {
      a11.intoArray(y, at + 11 * v);
    }
    if (n > 12) {
      a12.intoArray(y, at + 12 * v);
    }
    if (n > 13) {
      a13.intoArray(y, at + 13 * v);
    }
    // the squares in four chains, so that they do not wait for each other
    FloatVector q0 = a0.mul(a0);
    FloatVector q1 = n > 1 ? a1.mul(a1) : z;
    FloatVector q2 = n > 2 ? a2.mul(a2) : z;
    FloatVector q3 = n > 3 ? a3.mul(a3) : z;
    if (n > 4) {
      q0 = a4.fma(a4, q0);
    }
    if (n > 5) {
      q1 = a5.fma(a5, q1);
    }
    if (n > 6) {
      q2 = a6.fma(a6, q2);
    }
    if (n > 7) {
      q3 = a7.fma(a7, q3);
    }
    if (n > 8) {
      q0 = a8.fma(a8, q0);
    }
    if (n > 9) {
      q1 = a9.fma(a9, q1);
    }
    if (n > 10) {
      q2 = a10.fma(a10, q2);
    }
    if (n > 11) {
      q3 = a11.fma(a11, q3);
    }
    if (n > 12) {
      q0 = a12.fma(a12, q0);
    }
    if (n > 13) {
      q1 = a13.fma(a13, q1);
    }
    return q0.add(q1).add(q2.add(q3)).reduceLanes(VectorOperators.ADD);
  }

  /** {@inheritDoc} {@link #addRows}'s blocks, with the terms read as a data set lists them. */
  @Override
  public float addInkedRows(
      float[] rows,
      int ro,
      int stride,
      short[] pixel,
      byte[] value,
      float[] coefOf,
      int from,
      int to,
      float[] y,
      int yo,
      int len) {
    VectorSpecies<Float> s = species();
    int v = s.length();
    int whole = len / v;
    if (whole > BLOCK && to > from) {
      sweepInked(rows, ro, stride, pixel, value, coefOf, from, to, y, yo, len);
      return addInkedRows(rows, ro, stride, pixel, value, coefOf, from, from, y, yo, len);
    }
    int j = 0;
    float squares = 0;
    for (; whole > 0; whole -= BLOCK, j += BLOCK * v) {
      squares +=
          addInkedBlock(
              rows,
              stride,
              pixel,
              value,
              coefOf,
              from,
              to,
              y,
              yo + j,
              ro + j,
              Math.min(whole, BLOCK));
    }
    for (j = len / v * v; j < len; j++) {
      float sum = y[yo + j];
      for (int e = from; e < to; e++) {
        sum = Math.fma(rows[ro + (pixel[e] & 0xFFFF) * stride + j], coefOf[value[e] & 0xFF], sum);
      }
      y[yo + j] = sum;
      squares += sum * sum;
    }
    return squares;
  }

  /**
   * {@link #addBlock} with the terms read as a data set lists them (see {@link #addInkedRows}). A
   * copy rather than one method with a test on the kind of list each term: that test made batch 16
   * about 3% slower at both widths (seven alternating pairs).
   */
  private float addInkedBlock(
      float[] rows,
      int stride,
      short[] pixel,
      byte[] value,
      float[] coefOf,
      int from,
      int to,
      float[] y,
      int at,
      int column,
      int n) {
    VectorSpecies<Float> s = species();
    int v = s.length();
    FloatVector z = FloatVector.zero(s);
    FloatVector a0 = n > 0 ? FloatVector.fromArray(s, y, at + 0 * v) : z;
    FloatVector a1 = n > 1 ? FloatVector.fromArray(s, y, at + 1 * v) : z;
    FloatVector a2 = n > 2 ? FloatVector.fromArray(s, y, at + 2 * v) : z;
    FloatVector a3 = n > 3 ? FloatVector.fromArray(s, y, at + 3 * v) : z;
    FloatVector a4 = n > 4 ? FloatVector.fromArray(s, y, at + 4 * v) : z;
    FloatVector a5 = n > 5 ? FloatVector.fromArray(s, y, at + 5 * v) : z;
    FloatVector a6 = n > 6 ? FloatVector.fromArray(s, y, at + 6 * v) : z;
    FloatVector a7 = n > 7 ? FloatVector.fromArray(s, y, at + 7 * v) : z;
    FloatVector a8 = n > 8 ? FloatVector.fromArray(s, y, at + 8 * v) : z;
    FloatVector a9 = n > 9 ? FloatVector.fromArray(s, y, at + 9 * v) : z;
    FloatVector a10 = n > 10 ? FloatVector.fromArray(s, y, at + 10 * v) : z;
    FloatVector a11 = n > 11 ? FloatVector.fromArray(s, y, at + 11 * v) : z;
    FloatVector a12 = n > 12 ? FloatVector.fromArray(s, y, at + 12 * v) : z;
    FloatVector a13 = n > 13 ? FloatVector.fromArray(s, y, at + 13 * v) : z;
    for (int e = from; e < to; e++) {
      int r = (pixel[e] & 0xFFFF) * stride + column;
      FloatVector c = FloatVector.broadcast(s, coefOf[value[e] & 0xFF]);
      a0 = FloatVector.fromArray(s, rows, r).fma(c, a0);
      if (n > 1) {
        a1 = FloatVector.fromArray(s, rows, r + 1 * v).fma(c, a1);
      }
      if (n > 2) {
        a2 = FloatVector.fromArray(s, rows, r + 2 * v).fma(c, a2);
      }
      if (n > 3) {
        a3 = FloatVector.fromArray(s, rows, r + 3 * v).fma(c, a3);
      }
      if (n > 4) {
        a4 = FloatVector.fromArray(s, rows, r + 4 * v).fma(c, a4);
      }
      if (n > 5) {
        a5 = FloatVector.fromArray(s, rows, r + 5 * v).fma(c, a5);
      }
      if (n > 6) {
        a6 = FloatVector.fromArray(s, rows, r + 6 * v).fma(c, a6);
      }
      if (n > 7) {
        a7 = FloatVector.fromArray(s, rows, r + 7 * v).fma(c, a7);
      }
      if (n > 8) {
        a8 = FloatVector.fromArray(s, rows, r + 8 * v).fma(c, a8);
      }
      if (n > 9) {
        a9 = FloatVector.fromArray(s, rows, r + 9 * v).fma(c, a9);
      }
      if (n > 10) {
        a10 = FloatVector.fromArray(s, rows, r + 10 * v).fma(c, a10);
      }
      if (n > 11) {
        a11 = FloatVector.fromArray(s, rows, r + 11 * v).fma(c, a11);
      }
      if (n > 12) {
        a12 = FloatVector.fromArray(s, rows, r + 12 * v).fma(c, a12);
      }
      if (n > 13) {
        a13 = FloatVector.fromArray(s, rows, r + 13 * v).fma(c, a13);
      }
    }
    a0.intoArray(y, at);
    if (n > 1) {
      a1.intoArray(y, at + 1 * v);
    }
    if (n > 2) {
      a2.intoArray(y, at + 2 * v);
    }
    if (n > 3) {
      a3.intoArray(y, at + 3 * v);
    }
    if (n > 4) {
      a4.intoArray(y, at + 4 * v);
    }
    if (n > 5) {
      a5.intoArray(y, at + 5 * v);
    }
    if (n > 6) {
      a6.intoArray(y, at + 6 * v);
    }
    if (n > 7) {
      a7.intoArray(y, at + 7 * v);
    }
    if (n > 8) {
      a8.intoArray(y, at + 8 * v);
    }
    if (n > 9) {
      a9.intoArray(y, at + 9 * v);
    }
    if (n > 10) {
      a10.intoArray(y, at + 10 * v);
    }
    if (n > 11) {
      a11.intoArray(y, at + 11 * v);
    }
    if (n > 12) {
      a12.intoArray(y, at + 12 * v);
    }
    if (n > 13) {
      a13.intoArray(y, at + 13 * v);
    }
    // the squares in four chains, so that they do not wait for each other
    FloatVector q0 = a0.mul(a0);
    FloatVector q1 = n > 1 ? a1.mul(a1) : z;
    FloatVector q2 = n > 2 ? a2.mul(a2) : z;
    FloatVector q3 = n > 3 ? a3.mul(a3) : z;
    if (n > 4) {
      q0 = a4.fma(a4, q0);
    }
    if (n > 5) {
      q1 = a5.fma(a5, q1);
    }
    if (n > 6) {
      q2 = a6.fma(a6, q2);
    }
    if (n > 7) {
      q3 = a7.fma(a7, q3);
    }
    if (n > 8) {
      q0 = a8.fma(a8, q0);
    }
    if (n > 9) {
      q1 = a9.fma(a9, q1);
    }
    if (n > 10) {
      q2 = a10.fma(a10, q2);
    }
    if (n > 11) {
      q3 = a11.fma(a11, q3);
    }
    if (n > 12) {
      q0 = a12.fma(a12, q0);
    }
    if (n > 13) {
      q1 = a13.fma(a13, q1);
    }
    return q0.add(q1).add(q2.add(q3)).reduceLanes(VectorOperators.ADD);
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
