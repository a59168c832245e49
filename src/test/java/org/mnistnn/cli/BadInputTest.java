package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistFile;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.training.Init;

/**
 * Bad input on the command line (issue 2): each case ends with one clear line on stderr, the
 * documented exit code (2 usage, 1 other), no stack trace, and nothing existing overwritten.
 */
class BadInputTest {
  @TempDir Path tmp;
  Path data;
  Path out;
  byte[] oldModel;

  @BeforeEach
  void setUp() throws IOException {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 32, 1);
    out = Files.createDirectories(tmp.resolve("run"));
    oldModel = "an earlier model that must survive".getBytes();
    Files.write(out.resolve("model.npz"), oldModel);
  }

  /** Runs {@code train --data D --out O --quiet} plus {@code extra}, in this JVM. */
  Cli train(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString()));
    args.add("--quiet");
    args.addAll(Arrays.asList(extra));
    if (!args.contains("--epochs")) {
      args.addAll(List.of("--epochs", "1"));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  void assertFailsCleanly(Cli r, int code, String... messageParts) throws IOException {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.errorLines()).as(r.err()).hasSize(1);
    assertThat(r.errorLines().get(0)).contains(messageParts);
    // no stack trace, no qualified exception class name
    assertThat(r.err())
        .doesNotContain("\tat ")
        .doesNotContainPattern("(java|org|com)\\.[\\w.]+Exception");
    assertThat(r.out()).doesNotContain("test accuracy");
    assertThat(Files.readAllBytes(out.resolve("model.npz"))).isEqualTo(oldModel);
  }

  @ParameterizedTest(name = "train {0} {1}")
  @CsvSource({
    "--batch-size, 0, --batch-size",
    "--batch-size, -3, --batch-size",
    "--batch-size, many, --batch-size",
    "--lr, -0.1, --lr",
    "--lr, 0, --lr",
    "--lr, NaN, --lr",
    "--lr, Infinity, --lr",
    "--lr, 1e400, --lr",
    "--lr, fast, --lr",
    "--reg, NaN, --reg",
    "--reg, -1, --reg",
    "--epochs, 0, --epochs",
    "--epochs, 99999999999, --epochs",
    "--hidden, 0, --hidden",
    "--hidden, 100000, --hidden",
    "--seed, x, --seed",
    "--checkpoint-every, -1, --checkpoint-every",
    "--bogus, 1, --bogus",
  })
  void badValuesAreUsageErrors(String flag, String value, String named) throws IOException {
    assertFailsCleanly(train(flag, value), Main.EXIT_USAGE, named);
  }

  @Test
  void unknownCommandAndMissingValueAreUsageErrors() throws IOException {
    assertFailsCleanly(Cli.run("trian"), Main.EXIT_USAGE, "trian");
    assertFailsCleanly(train("--lr"), Main.EXIT_USAGE, "--lr");
    assertFailsCleanly(Cli.run(), Main.EXIT_USAGE, "missing command");
  }

  @Test
  void dataThatIsAFile() throws IOException {
    data = Files.writeString(tmp.resolve("mnist.zip"), "not a folder");
    assertFailsCleanly(train(), Main.EXIT_FAILURE, "mnist.zip");
  }

  @Test
  void missingOneDataFile() throws IOException {
    Files.delete(data.resolve(MnistFile.TEST_LABELS.fileName()));
    assertFailsCleanly(train(), Main.EXIT_FAILURE, "t10k-labels-idx1-ubyte");
  }

  /** An empty --data folder is fetched into; with every source unreachable that fails cleanly. */
  @Test
  void missingDataThatCannotBeFetched() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    ProcessBuilder pb =
        JavaProcess.mnistNn(
            tmp.resolve("o.txt"),
            tmp.resolve("e.txt"),
            List.of("train", "--quiet", "--data", empty.toString(), "--out", out.toString()));
    pb.environment().put("MNIST_NN_MIRRORS", "http://127.0.0.1:9/");
    pb.environment().put("MNIST_NN_NPM", "off");
    Process p = pb.start();
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(tmp.resolve("e.txt"));
    Cli r = new Cli(p.exitValue(), Files.readString(tmp.resolve("o.txt")), err);
    assertFailsCleanly(r, Main.EXIT_FAILURE, "");
    try (var files = Files.list(empty)) {
      assertThat(files.filter(f -> !Files.isDirectory(f))).as("nothing half-written").isEmpty();
    }
  }

  @Test
  void wrongMagicNumber() throws IOException {
    Path f = data.resolve(MnistFile.TRAIN_IMAGES.fileName());
    Files.writeString(f, "<html>404 Not Found</html>");
    assertFailsCleanly(train(), Main.EXIT_FAILURE, f.toString(), "magic");
  }

  @Test
  void truncatedImages() throws IOException {
    Path f = data.resolve(MnistFile.TRAIN_IMAGES.fileName());
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length / 2));
    assertFailsCleanly(train(), Main.EXIT_FAILURE, f.toString(), "truncated");
  }

  @Test
  void truncatedGzip() throws IOException {
    Path f = data.resolve(MnistFile.TRAIN_IMAGES.fileName());
    byte[] gz = SyntheticMnist.gzip(Files.readAllBytes(f));
    Files.delete(f);
    Files.write(
        data.resolve(MnistFile.TRAIN_IMAGES.fileName() + ".gz"),
        Arrays.copyOf(gz, gz.length * 2 / 3));
    assertFailsCleanly(train(), Main.EXIT_FAILURE, "train-images");
  }

  @Test
  void labelsThatAreNotDigits() throws IOException {
    Path f = data.resolve(MnistFile.TEST_LABELS.fileName());
    byte[] b = Files.readAllBytes(f);
    b[b.length - 1] = 42;
    Files.write(f, b);
    assertFailsCleanly(train(), Main.EXIT_FAILURE, "not a digit");
  }

  @Test
  void resumeFromMissingModel() throws IOException {
    assertFailsCleanly(
        train("--resume", tmp.resolve("none.npz").toString()), Main.EXIT_FAILURE, "not found");
  }

  @Test
  void resumeFromFilesThatAreNotModels() throws IOException {
    Path text = Files.writeString(tmp.resolve("notes.npz"), "these are not weights");
    assertFailsCleanly(train("--resume", text.toString()), Main.EXIT_FAILURE, "notes.npz");
    Path empty = Files.write(tmp.resolve("empty.npz"), new byte[0]);
    assertFailsCleanly(train("--resume", empty.toString()), Main.EXIT_FAILURE, "empty.npz");
    assertFailsCleanly(train("--resume", data.toString()), Main.EXIT_FAILURE, data.toString());
  }

  /**
   * Too large a rate kills the network on MNIST while the loss stays finite: stopped within a few
   * hundred steps, nothing saved over the model.
   */
  @ParameterizedTest(name = "train --lr {0}")
  @CsvSource({"2", "10", "100"})
  void aLearningRateThatStopsLearningEndsTheRun(String lr) throws IOException {
    TestData.mnist(); // the look-up below finds it
    Cli r =
        Cli.run(
            "train",
            "--out",
            out.toString(),
            "--quiet",
            "--epochs",
            "1",
            "--seed",
            "1",
            "--lr",
            lr,
            "--checkpoint-every",
            "20");
    assertFailsCleanly(
        r,
        Main.EXIT_FAILURE,
        "training stopped at step ",
        "the network is not learning",
        "try a smaller learning rate than --lr " + lr + " (the default is 0.02)");
  }

  @Test
  void resumeWithAnotherHiddenSizeIsRefused() throws IOException {
    Path model = tmp.resolve("small/model.npz");
    Files.createDirectories(model.getParent());
    TwoLayerNet net = Init.NOTEBOOK.create(784, 8, 10, 1);
    ModelFile.save(model, net, new JsonObject());
    assertFailsCleanly(
        train("--resume", model.toString(), "--hidden", "50"),
        Main.EXIT_USAGE,
        "--hidden 50 conflicts with " + model + ", which has 8 hidden units");
    // the same size, or none given, resumes
    assertThat(train("--resume", model.toString(), "--hidden", "8").code()).isZero();
  }

  @Test
  void resumeWithAnotherInitIsRefused() throws IOException {
    Path model = tmp.resolve("small/model.npz");
    Files.createDirectories(model.getParent());
    JsonObject meta = new JsonObject();
    meta.addProperty("init", "notebook");
    ModelFile.save(model, Init.NOTEBOOK.create(784, 8, 10, 1), meta);
    assertFailsCleanly(
        train("--resume", model.toString(), "--init", "he"),
        Main.EXIT_USAGE,
        "--init he conflicts with " + model + ", whose weights started from --init notebook");
    // the recorded one, as the printed resume command repeats it, or none, resumes
    assertThat(train("--resume", model.toString(), "--init", "notebook").code()).isZero();
  }

  @Test
  void resumingACheckpointWithMomentumSwitchedOnIsRefused() throws IOException {
    Path cp = tmp.resolve("cp/checkpoint.npz");
    Files.createDirectories(cp.getParent());
    JsonObject meta =
        com.google.gson.JsonParser.parseString(
                "{\"batch_size\": 16, \"momentum\": 0.0, \"iteration\": 1, \"epochs_done\": 0,"
                    + " \"checkpoint\": {\"first_epoch\": 0, \"epoch\": 0, \"batch\": 1}}")
            .getAsJsonObject();
    ModelFile.save(cp, Init.NOTEBOOK.create(784, 8, 10, 1), meta);
    assertFailsCleanly(
        train("--resume", cp.toString(), "--momentum", "0.9"),
        Main.EXIT_FAILURE,
        "the checkpoint was made without momentum and holds no velocities for --momentum 0.9");
  }

  @Test
  void evaluateARotModel() throws IOException {
    Path text = Files.writeString(tmp.resolve("m.npz"), "PK\u0003\u0004 broken zip");
    Cli r = Cli.run("evaluate", "--model", text.toString(), "--data", data.toString());
    assertFailsCleanly(r, Main.EXIT_FAILURE, "m.npz");
  }

  @Test
  void outThatIsAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Cli r =
        Cli.run(
            "train",
            "--epochs",
            "1",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            file.toString());
    assertFailsCleanly(r, Main.EXIT_FAILURE, "a-file", "--out");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void outThatCannotBeCreated() throws IOException {
    Path blocked = Files.writeString(tmp.resolve("blocker"), "x").resolve("run");
    Cli r =
        Cli.run(
            "train",
            "--epochs",
            "1",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            blocked.toString());
    assertFailsCleanly(r, Main.EXIT_FAILURE, "--out");
  }

  @Test
  void divergenceStopsWithOneLineKeepsTheLastGoodCheckpointAndWritesNoModel() throws IOException {
    // 64 images: 4 steps per epoch; the warm-up raises the rate from 0.5 towards 100 until the
    // network blows up, with a checkpoint due every step
    Cli r =
        train(
            "--lr",
            "100",
            "--warmup",
            "200",
            "--checkpoint-every",
            "1",
            "--seed",
            "1",
            "--epochs",
            "50");
    assertFailsCleanly(r, Main.EXIT_FAILURE, "at step", "smaller learning rate");
    assertThat(r.errorLines().get(0)).contains("last good checkpoint");
    // the checkpoint loads (loading refuses NaN or infinite weights) and its weights are sane
    ModelFile.Saved cp = ModelFile.load(out.resolve("checkpoint.npz"));
    assertThat(cp.meta().get("iteration").getAsLong()).isPositive();
    for (float[] p : cp.net().parameters()) {
      for (float v : p) {
        assertThat(Math.abs(v)).isLessThan(100f);
      }
    }
  }

  @Test
  void predictWithBadModelOrPictures() throws Exception {
    Path model = tmp.resolve("good.npz");
    org.mnistnn.model.ModelFile.save(
        model,
        org.mnistnn.learn.TwoLayerNet.initialised(784, 8, 10, new java.util.Random(1)),
        new com.google.gson.JsonObject());
    Path text = Files.writeString(tmp.resolve("digit.png"), "not a picture");
    // several files: one line per file that failed, then one summary line
    Cli r =
        Cli.run(
            "predict",
            "--model",
            model.toString(),
            text.toString(),
            tmp.resolve("none.png").toString());
    assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.errorLines()).hasSize(3);
    assertThat(r.errorLines().get(0)).contains("digit.png");
    assertThat(r.errorLines().get(1)).contains("none.png");
    assertThat(r.errorLines().get(2)).contains("2 of 2");
    assertThat(r.err()).doesNotContain("\tat ");
    assertFailsCleanly(
        Cli.run("predict", "--model", text.toString(), text.toString()),
        Main.EXIT_FAILURE,
        "digit.png");
    assertFailsCleanly(Cli.run("predict", "--model", model.toString()), Main.EXIT_USAGE, "FILE");
  }

  @Test
  void serveWithBadModelOrPort() throws Exception {
    Path text = Files.writeString(tmp.resolve("m.npz"), "junk");
    assertFailsCleanly(Cli.run("serve", "--model", text.toString()), Main.EXIT_FAILURE, "m.npz");
    assertFailsCleanly(
        Cli.run("serve", "--model", text.toString(), "--port", "70000"), Main.EXIT_USAGE, "--port");
  }
}
