package org.mnistnn.engine;

/**
 * The arithmetic the engine needs, on slices of flat {@code float[]} arrays. {@link ScalarKernels}
 * is the specification; {@link VectorKernels} must give the same results up to float rounding (the
 * order of a sum may differ). Lengths may be anything from 0 up.
 */
public interface Kernels {
  /** A short name for messages and benchmarks, e.g. "scalar" or "vector 256-bit". */
  String name();

  /** {@code y[yo + i] += a · x[xo + i]} for {@code i < len}. */
  void axpy(float a, float[] x, int xo, float[] y, int yo, int len);

  /**
   * A sum of scaled rows: {@code y[yo + j] += Σ_e (factor · coef[e]) · rows[ro + index[e] · stride
   * + j]} for {@code from <= e < to} and {@code j < len}, the terms added in list order. Both
   * first-layer products are this: {@code x · W1} adds, for each image, the rows of W1 of its inked
   * pixels (factor: W1's scale); the update of W1 adds, for each inked pixel, the rows of dz1 of
   * the images that inked it (factor: the step's coefficient).
   *
   * @return {@code Σ_j y[yo + j]²} of the new values: the same value whenever a slice holding the
   *     same values is given with the same length, terms or none ({@code from == to})
   */
  float addRows(
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
      int len);

  /**
   * {@link #addRows} with the terms as a data set lists an image's inked pixels ({@link
   * org.mnistnn.data.InkedPixels}): row {@code pixel[e] & 0xFFFF} of {@code rows}, with the
   * coefficient {@code coefOf[value[e] & 0xFF]}, for {@code from <= e < to}. With {@code coefOf[b]
   * = factor · MnistDataset.scaled(b)} it adds the same terms as {@code addRows} on the listed
   * batch, so {@code x · W1} reads the data set's lists without copying them.
   */
  float addInkedRows(
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
      int len);

  /** {@code Σ a[ao + i] · b[bo + i]} for {@code i < len}. */
  float dot(float[] a, int ao, float[] b, int bo, int len);

  /** {@code h[i] = max(0, z[i])} for {@code i < len}. */
  void relu(float[] z, float[] h, int len);

  /** {@code dz[i] = z[i] > 0 ? dh[i] : 0} for {@code i < len}. */
  void reluBackward(float[] dh, float[] z, float[] dz, int len);

  /**
   * The SGD step with L2, {@code θ[to+i] ← θ[to+i] − lr · (g[go+i] + reg · θ[to+i])} for {@code i <
   * len}.
   *
   * @return {@code Σ θ[to+i]²} of the new values
   */
  float sgdStep(float[] theta, int to, float[] g, int go, int len, float lr, float reg);

  /**
   * SGD with momentum μ and L2 (classical, or Nesterov's): for {@code i < len}, with {@code d =
   * g[o+i] + reg · θ[o+i]}, {@code v[o+i] ← μ · v[o+i] − lr · d}, then {@code θ[o+i] += v[o+i]}
   * (classical) or {@code θ[o+i] += μ · v[o+i] − lr · d} (Nesterov).
   *
   * @return {@code Σ θ[o+i]²} of the new values
   */
  float momentumStep(
      float[] theta,
      float[] g,
      float[] v,
      int o,
      int len,
      float lr,
      float reg,
      float mu,
      boolean nesterov);

  /** {@code Σ a[o + i]²} for {@code i < len}. */
  float sumOfSquares(float[] a, int o, int len);
}
