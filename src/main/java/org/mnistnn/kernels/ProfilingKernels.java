package org.mnistnn.kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wraps a provider and adds up the wall time spent in each kernel, for {@code bench --profile}: it
 * answers "where does the time of a step go". The two clock reads per call cost about 40 ns, small
 * next to the products but not next to the smallest element-wise calls, so the shares are a guide,
 * not exact. Only the calls on the thread that made it are timed (the trainer's); calls from other
 * threads, such as the helper that prepares batches ahead ({@code BatchesAhead}), pass through
 * untimed, so the shares are those of the training thread.
 */
public final class ProfilingKernels implements KernelProvider {
  private static final String[] NAMES = {
    "matmul",
    "matmulTransA",
    "matmulTransB",
    "addRowVector",
    "relu",
    "reluBackward",
    "softmaxRows",
    "columnSums",
    "sgdUpdate",
    "sumOfSquares",
    "listNonZeros",
    "sparseMatmul",
    "sparseMatmulTransA",
    "sgdUpdateSumOfSquares",
    "sparseMatmulTransASgdUpdate",
    "listBytes",
    "copyRows"
  };

  private final KernelProvider inner;
  private final long[] nanos = new long[NAMES.length];
  private final long[] calls = new long[NAMES.length];
  private final Thread owner = Thread.currentThread();

  public ProfilingKernels(KernelProvider inner) {
    this.inner = inner;
  }

  /** Nanoseconds spent in each kernel so far, by name, in a fixed order. */
  public Map<String, Long> nanosByKernel() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], nanos[i]);
    }
    return m;
  }

  /** Calls of each kernel so far, by name. */
  public Map<String, Long> callsByKernel() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], calls[i]);
    }
    return m;
  }

  private void add(int kernel, long t0) {
    if (Thread.currentThread() == owner) {
      nanos[kernel] += System.nanoTime() - t0;
      calls[kernel]++;
    }
  }

  /** Not timed: called ahead of the steps, off the trainer's thread. */
  @Override
  public void listColumnsForStep(SparseRows a, int n) {
    inner.listColumnsForStep(a, n);
  }

  @Override
  public String name() {
    return inner.name() + "+profile";
  }

  @Override
  public void matmul(float[] a, float[] b, float[] c, int m, int k, int n) {
    long t0 = System.nanoTime();
    inner.matmul(a, b, c, m, k, n);
    add(0, t0);
  }

  @Override
  public void matmulTransA(float[] a, float[] b, float[] c, int m, int k, int n) {
    long t0 = System.nanoTime();
    inner.matmulTransA(a, b, c, m, k, n);
    add(1, t0);
  }

  @Override
  public void matmulTransB(float[] a, float[] b, float[] c, int m, int n, int k) {
    long t0 = System.nanoTime();
    inner.matmulTransB(a, b, c, m, n, k);
    add(2, t0);
  }

  @Override
  public void listNonZeros(float[] a, int m, int k, SparseRows out) {
    long t0 = System.nanoTime();
    inner.listNonZeros(a, m, k, out);
    add(10, t0);
  }

  @Override
  public void listBytes(byte[] a, int[] rows, int from, int m, int k, float scale, SparseRows out) {
    long t0 = System.nanoTime();
    inner.listBytes(a, rows, from, m, k, scale, out);
    add(15, t0);
  }

  @Override
  public void copyRows(SparseByteRows a, int[] rows, int from, int m, float scale, SparseRows out) {
    long t0 = System.nanoTime();
    inner.copyRows(a, rows, from, m, scale, out);
    add(16, t0);
  }

  @Override
  public void sparseMatmul(SparseRows a, float[] b, float[] c, int n) {
    long t0 = System.nanoTime();
    inner.sparseMatmul(a, b, c, n);
    add(11, t0);
  }

  @Override
  public void sparseMatmulTransA(SparseRows a, float[] b, float[] c, int n) {
    long t0 = System.nanoTime();
    inner.sparseMatmulTransA(a, b, c, n);
    add(12, t0);
  }

  @Override
  public void addRowVector(float[] z, float[] b, int m, int n) {
    long t0 = System.nanoTime();
    inner.addRowVector(z, b, m, n);
    add(3, t0);
  }

  @Override
  public void relu(float[] z, float[] h, int len) {
    long t0 = System.nanoTime();
    inner.relu(z, h, len);
    add(4, t0);
  }

  @Override
  public void reluBackward(float[] dh, float[] z, float[] dz, int len) {
    long t0 = System.nanoTime();
    inner.reluBackward(dh, z, dz, len);
    add(5, t0);
  }

  @Override
  public void softmaxRows(float[] z, float[] p, int m, int n) {
    long t0 = System.nanoTime();
    inner.softmaxRows(z, p, m, n);
    add(6, t0);
  }

  @Override
  public void columnSums(float[] a, float[] out, int m, int n) {
    long t0 = System.nanoTime();
    inner.columnSums(a, out, m, n);
    add(7, t0);
  }

  @Override
  public void sgdUpdate(float[] theta, float[] grad, float lr, float reg, int len) {
    long t0 = System.nanoTime();
    inner.sgdUpdate(theta, grad, lr, reg, len);
    add(8, t0);
  }

  @Override
  public float sumOfSquares(float[] a, int len) {
    long t0 = System.nanoTime();
    float s = inner.sumOfSquares(a, len);
    add(9, t0);
    return s;
  }

  @Override
  public float sgdUpdateSumOfSquares(float[] theta, float[] grad, float lr, float reg, int len) {
    long t0 = System.nanoTime();
    float s = inner.sgdUpdateSumOfSquares(theta, grad, lr, reg, len);
    add(13, t0);
    return s;
  }

  @Override
  public boolean splitsSteps(int m, int n) {
    return inner.splitsSteps(m, n);
  }

  /** Timed as {@code sparseMatmulTransASgdUpdate}, on this thread only. */
  @Override
  public void sparseMatmulTransASgdUpdateBlocks(
      SparseRows a,
      float[] b,
      float[] theta,
      int n,
      float lr,
      float reg,
      int fromBlock,
      int toBlock,
      double[] squares) {
    long t0 = System.nanoTime();
    inner.sparseMatmulTransASgdUpdateBlocks(a, b, theta, n, lr, reg, fromBlock, toBlock, squares);
    add(14, t0);
  }

  /** Timed as {@code sparseMatmul}, on this thread only. */
  @Override
  public void sparseMatmulPart(
      SparseRows a, float[] b, float[] c, int n, int fromCol, int toCol, boolean continuing) {
    long t0 = System.nanoTime();
    inner.sparseMatmulPart(a, b, c, n, fromCol, toCol, continuing);
    add(11, t0);
  }

  @Override
  public float sparseMatmulTransASgdUpdate(
      SparseRows a, float[] b, float[] theta, int n, float lr, float reg) {
    long t0 = System.nanoTime();
    float s = inner.sparseMatmulTransASgdUpdate(a, b, theta, n, lr, reg);
    add(14, t0);
    return s;
  }
}
