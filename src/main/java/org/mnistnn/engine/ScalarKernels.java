package org.mnistnn.engine;

/** The kernels as plain loops: the specification the vector kernels are tested against. */
public final class ScalarKernels implements Kernels {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
    for (int i = 0; i < len; i++) {
      y[yo + i] += a * x[xo + i];
    }
  }

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
    for (int e = from; e < to; e++) {
      axpy(factor * coef[e], rows, ro + index[e] * stride, y, yo, len);
    }
    return sumOfSquares(y, yo, len);
  }

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
    for (int e = from; e < to; e++) {
      axpy(coefOf[value[e] & 0xFF], rows, ro + (pixel[e] & 0xFFFF) * stride, y, yo, len);
    }
    return sumOfSquares(y, yo, len);
  }

  @Override
  public float dot(float[] a, int ao, float[] b, int bo, int len) {
    float s = 0;
    for (int i = 0; i < len; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }

  @Override
  public void relu(float[] z, float[] h, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = z[i] > 0 ? z[i] : 0;
    }
  }

  @Override
  public void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    for (int i = 0; i < len; i++) {
      dz[i] = z[i] > 0 ? dh[i] : 0;
    }
  }

  @Override
  public float sgdStep(float[] theta, int to, float[] g, int go, int len, float lr, float reg) {
    float squares = 0;
    for (int i = 0; i < len; i++) {
      float t = theta[to + i] - lr * (g[go + i] + reg * theta[to + i]);
      theta[to + i] = t;
      squares += t * t;
    }
    return squares;
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
    float squares = 0;
    for (int i = o; i < o + len; i++) {
      float d = g[i] + reg * theta[i];
      v[i] = mu * v[i] - lr * d;
      float t = theta[i] + (nesterov ? mu * v[i] - lr * d : v[i]);
      theta[i] = t;
      squares += t * t;
    }
    return squares;
  }

  @Override
  public float sumOfSquares(float[] a, int o, int len) {
    float s = 0;
    for (int i = o; i < o + len; i++) {
      s += a[i] * a[i];
    }
    return s;
  }
}
