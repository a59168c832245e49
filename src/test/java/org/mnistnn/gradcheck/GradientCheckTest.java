package org.mnistnn.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnistnn.learn.Forward;
import org.mnistnn.learn.Gradients;
import org.mnistnn.learn.Layers;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The gradient check passes on the real backward pass and fails — on exactly the parameters
 * affected — whenever one derivative is broken.
 */
class GradientCheckTest {
  private static final ReferenceNet.L2 L2 = new ReferenceNet.L2(1e-3, true);
  private final SmallProblem p = SmallProblem.of(12, 5, 4, 6, 11);

  private List<GradientCheck.Row> check(GradientCheck.Backprop backprop, ReferenceNet.L2 l2) {
    return GradientCheck.check(
        p.reference(),
        p.xDouble(),
        p.y(),
        p.n(),
        l2,
        backprop,
        GradientCheck.DEFAULT_H,
        GradientCheck.DEFAULT_TOLERANCE);
  }

  private static List<String> failed(List<GradientCheck.Row> rows) {
    return rows.stream().filter(r -> !r.passed()).map(GradientCheck.Row::parameter).toList();
  }

  @Test
  void theRealBackwardPassesOnEveryParameter() {
    for (ReferenceNet.L2 l2 : List.of(ReferenceNet.L2.NONE, L2, new ReferenceNet.L2(1e-3, false))) {
      List<GradientCheck.Row> rows = check(ReferenceNet::backward, l2);
      assertThat(rows)
          .extracting(GradientCheck.Row::parameter)
          .containsExactly("W1", "b1", "W2", "b2");
      assertThat(failed(rows)).as("with %s", l2).isEmpty();
      assertThat(rows).allSatisfy(r -> assertThat(r.maxError()).isLessThan(1e-6));
    }
  }

  @Test
  void oneWrongEntryFailsThatParameterOnly() {
    for (int broken = 0; broken < 4; broken++) {
      int target = broken;
      List<GradientCheck.Row> rows =
          check(
              (net, x, y, n, l2) -> {
                double[][] g = net.backward(x, y, n, l2);
                g[target][g[target].length / 2] *= 1.01;
                return g;
              },
              L2);
      assertThat(failed(rows)).containsExactly(TwoLayerNet.PARAMETER_NAMES[target]);
      assertThat(rows.get(target).worstIndex()).isEqualTo(rows.get(target).entries() / 2);
    }
  }

  @Test
  void ignoringTheReluInBackwardFailsTheFirstLayer() {
    // The same mistake, mirrored, as the notebook's: a backward pass that does not match forward.
    List<GradientCheck.Row> rows =
        check(
            (net, x, y, n, l2) -> {
              ReferenceNet.Pass a = net.forward(x, n);
              double[] dz2 = new double[n * net.classes];
              double[] dh1 = new double[n * net.hidden];
              double[][] g = net.zerosLikeParameters();
              DoubleLayers.softmaxCrossEntropyBackward(a.probs(), y, dz2, n, net.classes);
              DoubleLayers.affineBackward(
                  dz2, a.h1(), net.W2, g[2], g[3], dh1, n, net.hidden, net.classes);
              // Missing: reluBackward, so dz1 = dh1.
              DoubleLayers.affineBackward(
                  dh1, x, net.W1, g[0], g[1], null, n, net.inputs, net.hidden);
              net.addL2(g, l2);
              return g;
            },
            L2);
    assertThat(failed(rows)).containsExactly("W1", "b1");
  }

  @Test
  void theNotebooksForwardPassDoesNotMatchItsBackwardPass() {
    // The notebook: probs = softmax(relu(z2)), but backward starts from (probs − Y)/N as if
    // there were no ReLU. Our backward with the notebook's probabilities is exactly that.
    GradientCheck.Loss notebookLoss =
        (net, x, y, n, l2) -> {
          double[] probs = notebookProbs(net, x, n);
          double loss = DoubleLayers.crossEntropy(probs, y, n, net.classes);
          double[][] params = net.parameters();
          for (int q = 0; q < params.length; q++) {
            loss += DoubleLayers.l2Penalty(params[q], l2.regFor(q));
          }
          return loss;
        };
    GradientCheck.Backprop notebookBackward =
        (net, x, y, n, l2) -> {
          ReferenceNet.Pass a = net.forward(x, n);
          double[] dz2 = new double[n * net.classes];
          double[] dh1 = new double[n * net.hidden];
          double[] dz1 = new double[n * net.hidden];
          double[][] g = net.zerosLikeParameters();
          DoubleLayers.softmaxCrossEntropyBackward(
              notebookProbs(net, x, n), y, dz2, n, net.classes);
          DoubleLayers.affineBackward(
              dz2, a.h1(), net.W2, g[2], g[3], dh1, n, net.hidden, net.classes);
          DoubleLayers.reluBackward(dh1, a.z1(), dz1, n * net.hidden);
          DoubleLayers.affineBackward(dz1, x, net.W1, g[0], g[1], null, n, net.inputs, net.hidden);
          net.addL2(g, l2);
          return g;
        };
    ReferenceNet ref = p.reference();
    assertThat(java.util.Arrays.stream(ref.forward(p.xDouble(), p.n()).z2()).anyMatch(z -> z < 0))
        .as("some logits are negative, so the ReLU matters")
        .isTrue();
    List<GradientCheck.Row> rows =
        GradientCheck.check(
            ref,
            p.xDouble(),
            p.y(),
            p.n(),
            L2,
            notebookLoss,
            notebookBackward,
            GradientCheck.DEFAULT_H,
            GradientCheck.DEFAULT_TOLERANCE);
    assertThat(failed(rows)).containsExactly("W1", "b1", "W2", "b2");
  }

  private static double[] notebookProbs(ReferenceNet net, double[] x, int n) {
    double[] z2 = net.forward(x, n).z2();
    double[] relu = new double[z2.length];
    DoubleLayers.relu(z2, relu, z2.length);
    double[] probs = new double[z2.length];
    DoubleLayers.softmax(relu, probs, n, net.classes);
    return probs;
  }

  @Test
  void forgettingTheL2GradientFailsEveryRegularisedParameter() {
    ReferenceNet.L2 strong = new ReferenceNet.L2(0.1, false);
    List<GradientCheck.Row> rows =
        check((net, x, y, n, l2) -> net.backward(x, y, n, ReferenceNet.L2.NONE), strong);
    assertThat(failed(rows)).containsExactly("W1", "W2");
  }

  @Test
  void forgettingToAverageOverTheBatchFailsEverything() {
    List<GradientCheck.Row> rows =
        check(
            (net, x, y, n, l2) -> {
              double[][] g = net.backward(x, y, n, ReferenceNet.L2.NONE);
              for (double[] a : g) {
                for (int i = 0; i < a.length; i++) {
                  a[i] *= n;
                }
              }
              net.addL2(g, l2);
              return g;
            },
            L2);
    assertThat(failed(rows)).containsExactly("W1", "b1", "W2", "b2");
  }

  @Test
  void theFloat32NetworkThatTrainsAgreesWithTheDoubleReference() {
    SmallProblem big = SmallProblem.of(784, 16, 10, 8, 5);
    for (ReferenceNet.L2 l2 : List.of(ReferenceNet.L2.NONE, new ReferenceNet.L2(1e-4, true))) {
      List<GradientCheck.Row> rows =
          GradientCheck.compareFloat32(
              big.net(), big.x(), big.y(), big.n(), l2, GradientCheck.FLOAT32_TOLERANCE);
      assertThat(failed(rows)).isEmpty();
    }
  }

  @Test
  void aBrokenFloat32ReluBackwardIsCaught() {
    TwoLayerNet net = p.net();
    // dz1 = dh1, the mask 1[z1 > 0] forgotten: only the first layer's gradients change
    List<GradientCheck.Row> rows =
        GradientCheck.compareFloat32(
            net,
            p.x(),
            p.y(),
            p.n(),
            L2,
            GradientCheck.FLOAT32_TOLERANCE,
            (f, y) -> {
              Gradients g = net.backward(f, y);
              Layers.affineBackward(
                  g.dh1(), f.x(), net.W1, g.dW1(), g.db1(), null, f.n(), net.inputs, net.hidden);
              return g;
            });
    assertThat(failed(rows)).containsExactly("W1", "b1");
  }

  @Test
  void aBrokenFloat32WeightGradientIsCaught() {
    TwoLayerNet net = p.net();
    List<GradientCheck.Row> rows =
        GradientCheck.compareFloat32(
            net,
            p.x(),
            p.y(),
            p.n(),
            L2,
            GradientCheck.FLOAT32_TOLERANCE,
            (Forward f, int[] y) -> {
              Gradients g = net.backward(f, y);
              for (float[] dW : new float[][] {g.dW1(), g.dW2()}) {
                for (int i = 0; i < dW.length; i++) {
                  dW[i] *= 2;
                }
              }
              return g;
            });
    assertThat(failed(rows)).containsExactly("W1", "W2");
  }
}
