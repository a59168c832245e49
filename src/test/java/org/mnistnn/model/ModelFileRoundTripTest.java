package org.mnistnn.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.report.RunFolder;
import org.mnistnn.testing.TrainedRun;

/** model.npz: our reader gets back exactly what was written, and NumPy reads the same network. */
class ModelFileRoundTripTest {
  @TempDir Path dir;

  @Test
  void saveThenLoadGivesIdenticalArrays() throws IOException {
    TwoLayerNet net = TwoLayerNet.initialised(784, 13, 10, new Random(9));
    TwoLayerNet.fillGaussian(net.b1, 1, new Random(10));
    TwoLayerNet.fillGaussian(net.b2, 1, new Random(11));
    JsonObject meta = new JsonObject();
    meta.addProperty("seed", 9);
    Path file = dir.resolve("m.npz");
    ModelFile.save(file, net, meta);
    ModelFile.Saved saved = ModelFile.load(file);
    assertThat(saved.net().hidden).isEqualTo(13);
    float[][] expected = net.parameters();
    float[][] actual = saved.net().parameters();
    for (int p = 0; p < expected.length; p++) {
      assertThat(actual[p]).as(TwoLayerNet.PARAMETER_NAMES[p]).isEqualTo(expected[p]);
    }
    assertThat(saved.meta().get("seed").getAsInt()).isEqualTo(9);
  }

  /**
   * NumPy opens the trained model.npz with the documented names, shapes and dtype, and its own
   * forward pass predicts what ours does on the first 1,000 test images.
   */
  @Test
  void numpyLoadsTheModelAndPredictsTheSame() throws Exception {
    Assumptions.assumeTrue(
        pythonWithNumpy(), "python3 with numpy is not installed; cannot check NumPy interop");
    TrainedRun.Result run = TrainedRun.get();
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path model = run.file(RunFolder.MODEL);
    TwoLayerNet net = ModelFile.load(model).net();

    MnistDataset test = TestData.mnist().test().slice(0, 1000);
    float[] x = new float[test.count() * test.pixels()];
    test.copyBatch(null, 0, test.count(), x, new int[test.count()]);
    Path images = dir.resolve("x.npy");
    Files.write(images, Npy.floats(x, test.count(), test.pixels()));
    int[] ours = Evaluator.evaluate(net, test).predicted();
    long[] oursLong = new long[ours.length];
    for (int i = 0; i < ours.length; i++) {
      oursLong[i] = ours[i];
    }
    Path predicted = dir.resolve("pred.npy");
    Files.write(predicted, Npy.longs(oursLong, ours.length));

    String script =
        String.join(
            "\n",
            "import sys, numpy as np",
            "m = np.load(sys.argv[1])",
            "H = m['W1'].shape[1]",
            "assert m['W1'].shape == (784, H) and m['b1'].shape == (1, H), 'layer 1 shapes'",
            "assert m['W2'].shape == (H, 10) and m['b2'].shape == (1, 10), 'layer 2 shapes'",
            "for k in ('W1', 'b1', 'W2', 'b2'):",
            "    assert m[k].dtype == np.float32, k + ' is ' + str(m[k].dtype)",
            "x = np.load(sys.argv[2])",
            "z2 = np.maximum(0, x @ m['W1'] + m['b1']) @ m['W2'] + m['b2']",
            "ours = np.load(sys.argv[3])",
            "print((z2.argmax(axis=1) != ours).sum(), H)");
    Process p =
        new ProcessBuilder(
                "python3", "-c", script, model.toString(), images.toString(), predicted.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.exitValue()).as(out).isZero();
    String[] parts = out.split("\\s+");
    // Float32 sums in a different order may flip a near-tie; more than one would be a real bug.
    assertThat(Integer.parseInt(parts[0])).as("predictions that differ").isLessThanOrEqualTo(1);
    assertThat(Integer.parseInt(parts[1])).isEqualTo(net.hidden);
  }

  private static boolean pythonWithNumpy() {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
