package org.mnistnn.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mnistnn.learn.Layers;
import org.mnistnn.learn.TwoLayerNet;

/** The double reference computes the same equations as {@link Layers}, to float accuracy. */
class DoubleLayersTest {
  private static final int N = 5;
  private static final int IN = 9;
  private static final int OUT = 4;
  private final Random rng = new Random(3);

  private float[] gaussian(int len) {
    float[] a = new float[len];
    TwoLayerNet.fillGaussian(a, 1, rng);
    return a;
  }

  private static void assertClose(float[] f, double[] d) {
    assertThat(ReferenceNet.toDouble(f)).containsExactly(d, within(1e-5));
  }

  @Test
  void forwardFunctionsAgree() {
    float[] x = gaussian(N * IN);
    float[] w = gaussian(IN * OUT);
    float[] b = gaussian(OUT);
    float[] z = new float[N * OUT];
    double[] zd = new double[N * OUT];
    Layers.affineForward(x, w, b, z, N, IN, OUT);
    DoubleLayers.affineForward(
        ReferenceNet.toDouble(x),
        ReferenceNet.toDouble(w),
        ReferenceNet.toDouble(b),
        zd,
        N,
        IN,
        OUT);
    assertClose(z, zd);

    float[] h = new float[z.length];
    double[] hd = new double[z.length];
    Layers.relu(z, h, z.length);
    DoubleLayers.relu(zd, hd, z.length);
    assertClose(h, hd);

    float[] p = new float[z.length];
    double[] pd = new double[z.length];
    Layers.softmax(z, p, N, OUT);
    DoubleLayers.softmax(zd, pd, N, OUT);
    assertClose(p, pd);

    int[] y = {0, 3, 1, 2, 3};
    assertThat(Layers.crossEntropy(p, y, N, OUT))
        .isCloseTo(DoubleLayers.crossEntropy(pd, y, N, OUT), within(1e-5));
    assertThat(Layers.l2Penalty(w, 0.3f))
        .isCloseTo(DoubleLayers.l2Penalty(ReferenceNet.toDouble(w), 0.3), within(1e-5));
  }

  @Test
  void backwardFunctionsAgree() {
    float[] probs = new float[N * OUT];
    Layers.softmax(gaussian(N * OUT), probs, N, OUT);
    int[] y = {1, 1, 0, 3, 2};
    float[] dz = new float[N * OUT];
    double[] dzd = new double[N * OUT];
    Layers.softmaxCrossEntropyBackward(probs, y, dz, N, OUT);
    DoubleLayers.softmaxCrossEntropyBackward(ReferenceNet.toDouble(probs), y, dzd, N, OUT);
    assertClose(dz, dzd);

    float[] dh = gaussian(N * IN);
    float[] z = gaussian(N * IN);
    float[] dz1 = new float[N * IN];
    double[] dz1d = new double[N * IN];
    Layers.reluBackward(dh, z, dz1, dh.length);
    DoubleLayers.reluBackward(ReferenceNet.toDouble(dh), ReferenceNet.toDouble(z), dz1d, dh.length);
    assertClose(dz1, dz1d);

    float[] x = gaussian(N * IN);
    float[] w = gaussian(IN * OUT);
    float[] dW = new float[IN * OUT];
    float[] db = new float[OUT];
    float[] dx = new float[N * IN];
    double[] dWd = new double[IN * OUT];
    double[] dbd = new double[OUT];
    double[] dxd = new double[N * IN];
    Layers.affineBackward(dz, x, w, dW, db, dx, N, IN, OUT);
    DoubleLayers.affineBackward(
        dzd, ReferenceNet.toDouble(x), ReferenceNet.toDouble(w), dWd, dbd, dxd, N, IN, OUT);
    assertClose(dW, dWd);
    assertClose(db, dbd);
    assertClose(dx, dxd);
  }

  @Test
  void sgdStepAgrees() {
    float[] theta = gaussian(20);
    float[] grad = gaussian(20);
    double[] thetaD = ReferenceNet.toDouble(theta);
    double[] gradD = ReferenceNet.toDouble(grad);
    Layers.l2Backward(theta, 0.01f, grad);
    Layers.sgdStep(theta, grad, 0.05f);
    DoubleLayers.sgdStep(thetaD, gradD, 0.05, 0.01);
    assertClose(theta, thetaD);
  }

  @Test
  void l2BackwardAddsRegTimesTheta() {
    double[] d = {1, 1};
    DoubleLayers.l2Backward(new double[] {2, -4}, 0.5, d);
    assertThat(d).containsExactly(2, -1);
  }
}
