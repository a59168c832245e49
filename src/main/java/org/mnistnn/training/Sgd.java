package org.mnistnn.training;

import org.mnistnn.kernels.SparseRows;
import org.mnistnn.network.Activations;
import org.mnistnn.network.Gradients;
import org.mnistnn.network.Layers;
import org.mnistnn.network.TwoLayerNet;

/**
 * Plain SGD with L2 (docs/backprop.md §9), the notebook's optimiser:
 *
 * <pre>
 * θ ← θ − lr · (dθ + reg · θ)
 * </pre>
 *
 * The biases get the penalty too unless {@code regularizeBiases} is false.
 *
 * <p>In training ({@link #backwardAndUpdate}) each update also returns the sum of squares of the
 * new parameters, read on the way ({@link Layers#sgdStepAndSumOfSquares}), so the next step's L2
 * penalty needs no pass of its own over W1. The first layer's weight gradient {@code dW1 = xᵀ ·
 * dz1} is not stored there: the backward pass stops at dz1 ({@link TwoLayerNet#backwardToDz1}) and
 * each row of dW1 is computed into the update of W1 ({@link Layers#sgdStepWithWeightGradient}), so
 * {@link #backwardAndUpdate} leaves {@code g.dW1} unfilled (the other gradients are filled). {@link
 * #update} takes the full gradients that {@link TwoLayerNet#backward} fills. The weights are the
 * same bit for bit either way.
 */
public final class Sgd implements Optimizer {
  private final float reg;
  private final float biasReg;

  public Sgd(float reg, boolean regularizeBiases) {
    this.reg = reg;
    this.biasReg = regularizeBiases ? reg : 0f;
  }

  @Override
  public void update(TwoLayerNet net, Gradients g, float lr, long step) {
    Layers.sgdStep(net.W1, g.dW1, lr, reg);
    Layers.sgdStep(net.b1, g.db1, lr, biasReg);
    Layers.sgdStep(net.W2, g.dW2, lr, reg);
    Layers.sgdStep(net.b2, g.db2, lr, biasReg);
  }

  @Override
  public boolean backwardAndUpdate(
      TwoLayerNet net,
      SparseRows x,
      int[] y,
      Activations a,
      Gradients g,
      float lr,
      long step,
      float[] squares) {
    net.backwardToDz1(x, y, a, g);
    squares[0] = Layers.sgdStepWithWeightGradient(net.W1, x, a.dz1, net.hidden, lr, reg);
    updateAllButW1(net, g, lr, squares);
    return true;
  }

  /**
   * The updates of {@link #backwardAndUpdate} other than W1's: b1, W2 and b2, their new sums of
   * squares into {@code squares[1..3]}.
   */
  void updateAllButW1(TwoLayerNet net, Gradients g, float lr, float[] squares) {
    squares[1] = Layers.sgdStepAndSumOfSquares(net.b1, g.db1, lr, biasReg);
    squares[2] = Layers.sgdStepAndSumOfSquares(net.W2, g.dW2, lr, reg);
    squares[3] = Layers.sgdStepAndSumOfSquares(net.b2, g.db2, lr, biasReg);
  }

  /** The L2 strength of the weights. */
  float reg() {
    return reg;
  }
}
