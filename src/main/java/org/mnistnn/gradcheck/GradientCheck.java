package org.mnistnn.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.mnistnn.learn.Forward;
import org.mnistnn.learn.Gradients;
import org.mnistnn.learn.TwoLayerNet;

/**
 * Compares analytic gradients with centred finite differences of the loss, for every entry of every
 * parameter, in double precision (docs/backprop.md §11).
 *
 * <pre>
 * numerical[j] = (L(θ + h·e_j) − L(θ − h·e_j)) / 2h
 * relative error[j] = |analytic[j] − numerical[j]| / max(|analytic[j]|, |numerical[j]|, floor)
 * floor = 1e-5 · max(1, |L(θ)|)
 * </pre>
 *
 * The floor keeps entries whose true gradient is (nearly) zero — a pixel that is 0 in every image
 * leaves only the L2 term in its row of dW1 — from dividing rounding noise by almost nothing. The
 * centred difference has error O(h²), against O(h) for a one-sided one.
 */
public final class GradientCheck {
  /**
   * Step of the finite difference: large enough that rounding in L is small against L(θ+h) −
   * L(θ−h), small enough that the O(h²) error is negligible and a perturbation rarely carries a
   * hidden unit across the ReLU kink at 0 (h = 1e-3 does, for some seeds).
   */
  public static final double DEFAULT_H = 1e-4;

  /** Pass mark for the maximum relative error in double precision. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /**
   * Denominator floor of the relative error, per unit of loss (see the class comment): the finite
   * difference carries rounding noise of about ε·|L|/h ≈ 2e-12·|L| (ε = 2.2e-16, h = 1e-4), so
   * gradients much smaller than that cannot be measured relative to themselves. Dividing by at
   * least 1e-5·max(1, |L|) keeps the noise near 4e-7 while an absolute error above 1e-11·|L| still
   * fails.
   */
  public static final double FLOOR = 1e-5;

  private GradientCheck() {}

  /**
   * Computes analytic gradients of {@link ReferenceNet#loss} in the order W1, b1, W2, b2. The real
   * one is {@link ReferenceNet#backward}; tests pass a deliberately broken one to prove the check
   * notices.
   */
  @FunctionalInterface
  public interface Backprop {
    double[][] gradients(ReferenceNet net, double[] x, int[] y, int n, ReferenceNet.L2 l2);
  }

  /**
   * Computes the loss whose gradient is checked. The real one is {@link ReferenceNet#loss}; a test
   * passes the notebook's forward pass (ReLU on the logits) to show that its backward pass does not
   * match it.
   */
  @FunctionalInterface
  public interface Loss {
    double loss(ReferenceNet net, double[] x, int[] y, int n, ReferenceNet.L2 l2);
  }

  /**
   * The verdict for one parameter array: its largest error, where it was, and the two values
   * compared there ({@code checked}: the gradient under test; {@code reference}: the one it is
   * compared with — the finite difference, or the double gradient for the float32 check).
   */
  public record Row(
      String parameter,
      int entries,
      double maxError,
      int worstIndex,
      double checked,
      double reference,
      boolean passed) {}

  /** Checks {@link ReferenceNet#backward} itself. */
  public static List<Row> check(
      ReferenceNet net, double[] x, int[] y, int n, ReferenceNet.L2 l2, double h, double tol) {
    return check(net, x, y, n, l2, ReferenceNet::backward, h, tol);
  }

  /** Checks the gradients from {@code backprop} against finite differences of the loss. */
  public static List<Row> check(
      ReferenceNet net,
      double[] x,
      int[] y,
      int n,
      ReferenceNet.L2 l2,
      Backprop backprop,
      double h,
      double tol) {
    return check(net, x, y, n, l2, ReferenceNet::loss, backprop, h, tol);
  }

  /** Checks the gradients from {@code backprop} against finite differences of {@code loss}. */
  public static List<Row> check(
      ReferenceNet net,
      double[] x,
      int[] y,
      int n,
      ReferenceNet.L2 l2,
      Loss loss,
      Backprop backprop,
      double h,
      double tol) {
    double[][] analytic = backprop.gradients(net, x, y, n, l2);
    double[][] params = net.parameters();
    double floor = FLOOR * Math.max(1, Math.abs(loss.loss(net, x, y, n, l2)));
    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < params.length; p++) {
      double[] theta = params[p];
      double worst = -1;
      int worstIndex = -1;
      double worstNumerical = 0;
      for (int j = 0; j < theta.length; j++) {
        double numerical = numericalDerivative(net, loss, theta, j, x, y, n, l2, h);
        double err = relativeError(analytic[p][j], numerical, floor);
        // `!(err <= worst)` also catches NaN, which must fail rather than hide.
        if (!(err <= worst)) {
          worst = err;
          worstIndex = j;
          worstNumerical = numerical;
        }
      }
      boolean passed = worst <= tol;
      double a = worstIndex < 0 ? 0 : analytic[p][worstIndex];
      rows.add(
          new Row(
              TwoLayerNet.PARAMETER_NAMES[p],
              theta.length,
              worst,
              worstIndex,
              a,
              worstNumerical,
              passed));
    }
    return rows;
  }

  /** {@code (L(θ + h·e_j) − L(θ − h·e_j)) / 2h}, restoring θ_j afterwards. */
  static double numericalDerivative(
      ReferenceNet net,
      Loss loss,
      double[] theta,
      int j,
      double[] x,
      int[] y,
      int n,
      ReferenceNet.L2 l2,
      double h) {
    double saved = theta[j];
    theta[j] = saved + h;
    double plus = loss.loss(net, x, y, n, l2);
    theta[j] = saved - h;
    double minus = loss.loss(net, x, y, n, l2);
    theta[j] = saved;
    return (plus - minus) / (2 * h);
  }

  /** {@code |a − b| / max(|a|, |b|, floor)}. */
  public static double relativeError(double a, double b, double floor) {
    return Math.abs(a - b) / Math.max(floor, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** True when every row passed. */
  public static boolean allPassed(List<Row> rows) {
    return rows.stream().allMatch(Row::passed);
  }

  /** Pass mark for the float32 network against the double reference (float has ~7 digits). */
  public static final double FLOAT32_TOLERANCE = 1e-4;

  /**
   * Compares the gradients of the float32 reference network that trains ({@link
   * TwoLayerNet#backward}, plus the L2 term {@code reg·θ}) with the double reference on the same
   * parameters and batch. The error of each array is scaled by its largest reference entry, because
   * float32 rounding is relative to the sums it accumulates, not to each tiny entry:
   *
   * <pre>
   * error = max_j |float[j] − double[j]| / max_j |double[j]|
   * </pre>
   */
  public static List<Row> compareFloat32(
      TwoLayerNet net, float[] x, int[] y, int n, ReferenceNet.L2 l2, double tol) {
    return compareFloat32(net, x, y, n, l2, tol, net::backward);
  }

  /**
   * {@link #compareFloat32(TwoLayerNet, float[], int[], int, ReferenceNet.L2, double)} for the
   * float32 backward pass {@code backward} (a test gives a broken one to see it caught).
   */
  public static List<Row> compareFloat32(
      TwoLayerNet net,
      float[] x,
      int[] y,
      int n,
      ReferenceNet.L2 l2,
      double tol,
      BiFunction<Forward, int[], Gradients> backward) {
    Forward f = net.forward(x, n);
    float[][] grads = backward.apply(f, y).ofParameters();
    ReferenceNet ref = new ReferenceNet(net);
    double[][] expected = ref.backward(ReferenceNet.toDouble(x), y, n, l2);
    float[][] params = net.parameters();
    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < params.length; p++) {
      double scale = 0;
      for (double e : expected[p]) {
        scale = Math.max(scale, Math.abs(e));
      }
      double worst = -1;
      int worstIndex = -1;
      double worstActual = 0;
      for (int j = 0; j < params[p].length; j++) {
        double actual = grads[p][j] + l2.regFor(p) * params[p][j];
        double err = Math.abs(actual - expected[p][j]) / Math.max(scale, Double.MIN_NORMAL);
        if (!(err <= worst)) {
          worst = err;
          worstIndex = j;
          worstActual = actual;
        }
      }
      rows.add(
          new Row(
              TwoLayerNet.PARAMETER_NAMES[p],
              params[p].length,
              worst,
              worstIndex,
              worstActual,
              worstIndex < 0 ? 0 : expected[p][worstIndex],
              worst <= tol));
    }
    return rows;
  }
}
