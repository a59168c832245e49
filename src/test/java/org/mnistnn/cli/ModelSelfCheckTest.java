package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.eval.FiniteOutputs;
import org.mnistnn.learn.Seeds;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.web.Prediction;

/**
 * What a model says about itself is checked before it is used, and an output that is not a number
 * is an error, never an answer (issue 19, point 8).
 */
class ModelSelfCheckTest {
  @TempDir Path tmp;
  Path data;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 16, 1);
  }

  private Path model(String name, int classes, JsonObject meta) throws IOException {
    Path f = tmp.resolve(name);
    ModelFile.save(f, TwoLayerNet.initialised(784, 8, classes, Seeds.random(1)), meta);
    return f;
  }

  private static String onlyError(Cli r) {
    assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.errorLines()).as(r.err()).hasSize(1);
    assertThat(r.err()).doesNotContain("unexpected").doesNotContain("\tat ");
    return r.errorLines().get(0);
  }

  @Test
  void aThreeClassModelIsRefusedByEvaluateAndPredict() throws Exception {
    Path m = model("three.npz", 3, new JsonObject());
    assertThat(onlyError(Cli.run("evaluate", "--model", m.toString(), "--data", data.toString())))
        .contains("three.npz", "784-8-3", "10 classes");
    assertThat(onlyError(Cli.run("predict", "--model", m.toString(), digit().toString())))
        .contains("three.npz", "10 classes");
  }

  @ParameterizedTest(name = "meta {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"iteration\": \"many\"}|meta.iteration",
        "{\"iteration\": -5}|meta.iteration",
        "{\"iteration\": 1.5}|meta.iteration",
        "{\"seed\": \"x\"}|meta.seed",
        "{\"seed\": {\"a\": 1}}|meta.seed",
        "{\"seed\": 1e30}|meta.seed",
        "{\"epochs_done\": 2147483647}|meta.epochs_done",
        "{\"epochs_done\": [1]}|meta.epochs_done"
      })
  void resumeChecksTheTypesAndRangesOfTheMetadata(String meta, String named) throws Exception {
    Path m = model("m.npz", 10, JsonParser.parseString(meta).getAsJsonObject());
    Cli r =
        Cli.run(
            "train",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("run").toString(),
            "--epochs",
            "1",
            "--resume",
            m.toString());
    assertThat(onlyError(r)).contains("m.npz", named, "whole number");
  }

  @Test
  void hugeFiniteWeightsAreAnErrorNotAPrediction() throws Exception {
    TwoLayerNet net = TwoLayerNet.initialised(784, 8, 10, Seeds.random(1));
    Arrays.fill(net.W1, 3e38f);
    Arrays.fill(net.W2, 3e38f);
    Path m = tmp.resolve("huge.npz");
    ModelFile.save(m, net, new JsonObject());
    Cli p = Cli.run("predict", "--model", m.toString(), digit().toString());
    assertThat(p.code()).as(p.err()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(p.out()).doesNotContain("NaN");
    assertThat(p.errorLines().get(0)).contains("not a number", "weights are too large");
    assertThat(onlyError(Cli.run("evaluate", "--model", m.toString(), "--data", data.toString())))
        .contains("test image 0", "not a number");
    float[] x = new float[784];
    Arrays.fill(x, 0.5f);
    assertThatThrownBy(() -> Prediction.of(net, x))
        .isInstanceOf(FiniteOutputs.NotFiniteException.class);
  }

  private Path digit() throws IOException {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int r = 4; r < 24; r++) {
      img.getRaster().setSample(14, r, 0, 255);
      img.getRaster().setSample(13, r, 0, 255);
    }
    Path f = tmp.resolve("one.png");
    ImageIO.write(img, "png", f.toFile());
    return f;
  }
}
