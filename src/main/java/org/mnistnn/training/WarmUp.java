package org.mnistnn.training;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.engine.FastStep;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.L2;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.model.Npy;

/**
 * Gets the engine's code compiled before training needs it. Until the JIT's optimising compiler has
 * compiled them, the Vector API kernels run as objects, tens of times slower than compiled; left to
 * the training itself, that made the first epoch four to five times as long as the others. {@link
 * #start} trains a throw-away network of the same shape with the same optimiser on synthetic images
 * (as sparse as MNIST's) on a thread of its own, while the caller reads the data, evaluates it, and
 * encodes what a checkpoint of it would hold (into nothing: no file is written); then {@link
 * #await} waits for the rest. The real network and its random numbers are untouched.
 */
public final class WarmUp {
  /**
   * Steps of the throw-away training at batch 16: enough for the compiler to have compiled the
   * step's code. Larger batches take proportionally fewer steps, down to {@link #MIN_STEPS}.
   */
  static final int STEPS = 1500;

  static final int MIN_STEPS = 100;

  /**
   * How long {@link #await} lets the warm-up go on (about what it needs beyond reading the data,
   * for the default network); then the warm-up stops at its next step, so that a large network,
   * whose steps take longer, does not hold the training up.
   */
  static final long GRACE_MS = 500;

  /** Fresh steps that share those steps. */
  static final int ROUNDS = 5;

  private static final int IMAGES = 4096;

  /** Evaluations of the throw-away network on its images, for the evaluation's own code. */
  static final int EVALUATIONS = 12;

  private final Thread thread;
  private final AtomicBoolean stop;

  private WarmUp(Thread thread, AtomicBoolean stop) {
    this.thread = thread;
    this.stop = stop;
  }

  /**
   * Starts warming up the step for a network with {@code hidden} units on 28×28 images, trained
   * with {@code l2}, {@code momentum} and {@code nesterov} in batches of {@code batch}, and the
   * evaluation of such a network.
   */
  public static WarmUp start(int hidden, L2 l2, float momentum, boolean nesterov, int batch) {
    AtomicBoolean stop = new AtomicBoolean();
    Thread t =
        new Thread(
            () -> run(hidden, l2, momentum, nesterov, batch, stop), "mnist-nn engine warm-up");
    t.setDaemon(true);
    t.start();
    return new WarmUp(t, stop);
  }

  /** Whether the warm-up is still running. */
  boolean isAlive() {
    return thread.isAlive();
  }

  /** Waits until the warm-up is over, stopping it after {@link #GRACE_MS}. */
  public void await() throws InterruptedException {
    thread.join(GRACE_MS);
    stop.set(true);
    thread.join();
  }

  private static void run(
      int hidden, L2 l2, float momentum, boolean nesterov, int batch, AtomicBoolean stop) {
    try {
      train(hidden, l2, momentum, nesterov, batch, stop::get);
    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
      // only the speed of the first steps depended on it: training compiles the code itself
    }
  }

  /**
   * The throw-away training and evaluations, until done or {@code stopped}; returns the last
   * network trained.
   */
  static TwoLayerNet train(
      int hidden, L2 l2, float momentum, boolean nesterov, int batch, BooleanSupplier stopped) {
    MnistDataset data = syntheticImages(IMAGES, 28, 10);
    Random rng = new Random(0);
    int n = Math.max(1, Math.min(batch, IMAGES));
    int[] order = new int[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      int j = rng.nextInt(i + 1);
      order[i] = order[j];
      order[j] = i;
    }
    int steps = Math.max(MIN_STEPS, Math.min(STEPS, STEPS * 16 / n));
    TwoLayerNet trained = null;
    // a fresh step now and then: the code that a new step runs once (its first allocations) is
    // then in the compiled code's profile, instead of sending the training's new step back to the
    // interpreter while the method is compiled again
    for (int round = 0; round < ROUNDS && !stopped.getAsBoolean(); round++) {
      TwoLayerNet net = TwoLayerNet.initialised(data.pixels(), hidden, 10, rng);
      FastStep step = new FastStep(net, l2, momentum, nesterov);
      for (int s = 0, from = 0; s < steps / ROUNDS && !stopped.getAsBoolean(); s++, from += n) {
        if (from + n > IMAGES) {
          from = 0;
        }
        step.take(data, order, from, n, 0.01f);
      }
      trained = step.net();
      // what a checkpoint writes (the weights and the step's state), into nothing
      Map<String, byte[]> state = new LinkedHashMap<>();
      for (Map.Entry<String, float[]> e : step.state().entrySet()) {
        state.put(e.getKey(), Npy.floats(e.getValue(), e.getValue().length));
      }
      try {
        ModelFile.write(OutputStream.nullOutputStream(), trained, new JsonObject(), state);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (int e = 0; e < EVALUATIONS && trained != null && !stopped.getAsBoolean(); e++) {
      Evaluator.accuracy(trained, data);
    }
    return trained;
  }

  /**
   * Random images with about the share of inked pixels that MNIST has (19%), from 6% to 32% an
   * image, as MNIST's vary.
   */
  static MnistDataset syntheticImages(int count, int side, int classes) {
    Random rng = new Random(1);
    int d = side * side;
    byte[] img = new byte[count * d];
    byte[] lab = new byte[count];
    for (int i = 0; i < count; i++) {
      // 6% to 32% of the pixels, at random places (a place drawn twice is inked once)
      int inked = d * (6 + rng.nextInt(27)) / 100;
      for (int k = 0; k < inked; k++) {
        img[i * d + rng.nextInt(d)] = (byte) (1 + rng.nextInt(255));
      }
    }
    for (int i = 0; i < count; i++) {
      lab[i] = (byte) rng.nextInt(classes);
    }
    return new MnistDataset(img, lab, count, side, side);
  }
}
