package org.mnistnn.kernels;

/**
 * The reference kernels: plain loops, written to be obviously right. They are the specification
 * that every fast implementation is tested against. All matrices are flat row-major {@code
 * float[]}; sizes are given explicitly.
 */
final class ScalarKernels implements KernelProvider {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    // i-p-j order: the inner loop walks rows of B and C contiguously.
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] = 0f;
      }
      for (int p = 0; p < k; p++) {
        float aip = a[i * k + p];
        if (aip == 0f) {
          continue;
        }
        int bp = p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  @Override
  public void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    for (int i = 0; i < k * n; i++) {
      c[i] = 0f;
    }
    for (int r = 0; r < m; r++) {
      int br = r * n;
      for (int p = 0; p < k; p++) {
        float arp = a[r * k + p];
        if (arp == 0f) {
          continue;
        }
        int cp = p * n;
        for (int j = 0; j < n; j++) {
          c[cp + j] += arp * b[br + j];
        }
      }
    }
  }

  @Override
  public void matmulTransB(float[] a, float[] b, float[] c, int m, int n, int k) {
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        float s = 0f;
        for (int j = 0; j < n; j++) {
          s += a[i * n + j] * b[p * n + j];
        }
        c[i * k + p] = s;
      }
    }
  }

  @Override
  public void listNonZeros(float[] a, int m, int k, SparseRows out) {
    out.reset(m, k);
    int nz = 0;
    for (int i = 0; i < m; i++) {
      out.roomForRow(nz);
      for (int p = 0; p < k; p++) {
        float v = a[i * k + p];
        if (v != 0f) {
          out.col[nz] = p;
          out.val[nz] = v;
          nz++;
        }
      }
      out.rowStart[i + 1] = nz;
    }
  }

  @Override
  public void listBytes(byte[] a, int[] rows, int from, int m, int k, float scale, SparseRows out) {
    out.reset(m, k);
    int nz = 0;
    for (int i = 0; i < m; i++) {
      out.roomForRow(nz);
      int o = (rows == null ? from + i : rows[from + i]) * k;
      for (int p = 0; p < k; p++) {
        int v = a[o + p] & 0xFF;
        if (v != 0) {
          out.col[nz] = p;
          out.val[nz] = v * scale;
          nz++;
        }
      }
      out.rowStart[i + 1] = nz;
    }
  }

  @Override
  public void copyRows(SparseByteRows a, int[] rows, int from, int m, float scale, SparseRows out) {
    out.reset(m, a.k);
    int nz = 0;
    for (int i = 0; i < m; i++) {
      out.roomForRow(nz);
      int r = rows == null ? from + i : rows[from + i];
      for (int t = a.start[r]; t < a.start[r + 1]; t++) {
        int e = a.entries[t];
        out.col[nz] = e >>> 8;
        out.val[nz] = (e & 0xFF) * scale;
        nz++;
      }
      out.rowStart[i + 1] = nz;
    }
  }

  @Override
  public void sparseMatmul(SparseRows a, float[] b, float[] c, int n) {
    // matmul's loops, with the loop over A's row running over its non-zeros only
    for (int i = 0; i < a.m; i++) {
      int ci = i * n;
      for (int j = 0; j < n; j++) {
        c[ci + j] = 0f;
      }
      for (int t = a.rowStart[i]; t < a.rowStart[i + 1]; t++) {
        float aip = a.val[t];
        int bp = a.col[t] * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  @Override
  public void sparseMatmulTransA(SparseRows a, float[] b, float[] c, int n) {
    for (int i = 0; i < a.k * n; i++) {
      c[i] = 0f;
    }
    for (int r = 0; r < a.m; r++) {
      int br = r * n;
      for (int t = a.rowStart[r]; t < a.rowStart[r + 1]; t++) {
        float arp = a.val[t];
        int cp = a.col[t] * n;
        for (int j = 0; j < n; j++) {
          c[cp + j] += arp * b[br + j];
        }
      }
    }
  }

  @Override
  public void addRowVector(float[] z, float[] b, int m, int n) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        z[i * n + j] += b[j];
      }
    }
  }

  @Override
  public void relu(float[] z, float[] h, int len) {
    for (int i = 0; i < len; i++) {
      h[i] = z[i] > 0f ? z[i] : 0f;
    }
  }

  @Override
  public void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    for (int i = 0; i < len; i++) {
      dz[i] = z[i] > 0f ? dh[i] : 0f;
    }
  }

  @Override
  public void softmaxRows(float[] z, float[] p, int m, int n) {
    softmaxRows(z, p, 0, m, n);
  }

  /** {@link #softmaxRows(float[], float[], int, int)} for rows {@code [from, to)} only. */
  static void softmaxRows(float[] z, float[] p, int from, int to, int n) {
    for (int i = from; i < to; i++) {
      int o = i * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, z[o + j]);
      }
      float sum = 0f;
      for (int j = 0; j < n; j++) {
        float e = (float) Math.exp(z[o + j] - max);
        p[o + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < n; j++) {
        p[o + j] *= inv;
      }
    }
  }

  @Override
  public void columnSums(float[] a, float[] out, int m, int n) {
    for (int j = 0; j < n; j++) {
      out[j] = 0f;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        out[j] += a[i * n + j];
      }
    }
  }

  @Override
  public void sgdUpdate(float[] theta, float[] grad, float lr, float reg, int len) {
    for (int i = 0; i < len; i++) {
      theta[i] -= lr * (grad[i] + reg * theta[i]);
    }
  }

  @Override
  public float sumOfSquares(float[] a, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) {
      s += (double) a[i] * a[i];
    }
    return (float) s;
  }

  @Override
  public float sgdUpdateSumOfSquares(float[] theta, float[] grad, float lr, float reg, int len) {
    sgdUpdate(theta, grad, lr, reg, len);
    return sumOfSquares(theta, len);
  }

  /** The gradient in a whole array of its own (per thread work space), then the update. */
  @Override
  public float sparseMatmulTransASgdUpdate(
      SparseRows a, float[] b, float[] theta, int n, float lr, float reg) {
    int len = a.k * n;
    float[] grad = GRADIENT.get();
    if (grad.length < len) {
      grad = new float[len];
      GRADIENT.set(grad);
    }
    sparseMatmulTransA(a, b, grad, n);
    return sgdUpdateSumOfSquares(theta, grad, lr, reg, len);
  }

  /** Work space of {@link #sparseMatmulTransASgdUpdate}, grown on demand. */
  private static final ThreadLocal<float[]> GRADIENT = ThreadLocal.withInitial(() -> new float[0]);
}
