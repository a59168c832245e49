package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.awt.geom.Line2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.image.Pictures;
import org.mnistnn.model.ModelFile;
import org.mnistnn.web.LiveModel;

/** A model knows what it was trained on, and the commands say when other data meet it. */
class DataSetCliTest {
  static final List<String> NAMES =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

  @TempDir static Path tmp;
  static Path data;
  static Path out;

  @BeforeAll
  static void train() throws Exception {
    data = SyntheticMnist.write(tmp.resolve("data"), 64, 32, 1);
    Files.write(data.resolve("classes.txt"), NAMES);
    out = tmp.resolve("run");
    Cli r =
        Cli.run(
            "train",
            "--epochs",
            "1",
            "--quiet",
            "--data",
            data.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void theModelRecordsTheDataSetItsChecksumsAndClassNames() {
    JsonObject meta = ModelFile.load(out.resolve("model.npz")).meta();
    DataSet d = DataSet.of(meta);
    assertThat(d.name()).isEqualTo("custom");
    assertThat(d.classes()).isEqualTo(NAMES);
    assertThat(d.sha256()).hasSize(4).containsKey("train-images-idx3-ubyte");
  }

  @Test
  void theReportUsesTheClassNamesAndScalesTheF1Bars() throws Exception {
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("test images wrong").doesNotContain("test digits wrong");
    assertThat(html).contains("<td>7 seven</td>");
    // the settings table: reg as written, the data set by name and classes, not its JSON
    assertThat(html)
        .contains("<td>reg</td><td>1e-4</td>")
        .contains("<td>dataset</td><td>another data set (train images SHA-256 ")
        .contains("; classes zero, one, two, three")
        .doesNotContain("sha256");
    // the prose speaks of images and classes, not digits, and the step names the classes
    assertThat(html)
        .contains("Rows are the true class", "most confidently wrong test images")
        .contains("test images with the predicted class", "One step on one image")
        .doesNotContain("true digit", "test digits", "predicted digit");
    assertThat(html)
        .containsPattern(
            "Test image #\\d+ is “[a-z]+” \\(\\d\\) that the network reads as “[a-z]+” \\(\\d\\)");
    // a tiny random data set after one epoch: F1 far below 0.8, so the bars start lower
    assertThat(html).doesNotContain("The bars run from F1 0.8 to 1.0.");
  }

  @Test
  void evaluateSaysSoWhenTheDataDifferAndNotWhenTheyMatch() throws Exception {
    Path model = out.resolve("model.npz");
    Cli same = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString());
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(same.err()).doesNotContain("was trained on");
    assertThat(same.out())
        .contains("rows: true class, columns: predicted class; 0 zero, 1 one, 2 two,")
        .contains("9 nine)");
    Cli json =
        Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
    assertThat(com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject())
        .extracting(o -> o.getAsJsonArray("class_names").get(7).getAsString())
        .isEqualTo("seven");
    Path other = SyntheticMnist.write(tmp.resolve("other"), 64, 32, 2);
    Cli diff = Cli.run("evaluate", "--model", model.toString(), "--data", other.toString());
    assertThat(diff.code()).as(diff.err()).isZero();
    assertThat(diff.err().lines())
        .anyMatch(
            l ->
                l.startsWith("note: " + model + " was trained on another data set")
                    && l.endsWith("its answers here say little"));
  }

  @Test
  void predictNamesTheClassAndSaysTheModelIsNotMnists() throws Exception {
    Path picture = tmp.resolve("one.png");
    Files.write(
        picture,
        Pictures.encode(Pictures.dark(300, 400, new Line2D.Double(150, 60, 150, 340), 26), "png"));
    Cli r = Cli.run("predict", "--model", out.resolve("model.npz").toString(), picture.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).matches(".*one\\.png: \\d [a-z]+ \\(\\d+\\.\\d%\\)");
    Cli verbose =
        Cli.run(
            "predict",
            "--model",
            out.resolve("model.npz").toString(),
            "--verbose",
            picture.toString());
    assertThat(verbose.out().strip())
        .matches(".*one\\.png: \\d [a-z]+ \\(\\d+\\.\\d%\\)  top 3:( \\d [a-z]+ \\d+\\.\\d%){3}");
    assertThat(r.err()).contains("was trained on another data set").contains("not MNIST");
  }

  @Test
  void servePassesTheModelsClassNamesToThePage() {
    ModelFile.Saved saved = ModelFile.load(out.resolve("model.npz"));
    LiveModel live = ServeCommand.liveModel(saved.net(), DataSet.of(saved.meta()));
    assertThat(live.classNames()).isEqualTo(NAMES);
  }

  @Test
  void resumingOnOtherDataIsRefusedUnlessNewDataSaysItIsMeant() throws Exception {
    Path model = out.resolve("model.npz");
    Path other = SyntheticMnist.write(tmp.resolve("other-resume"), 64, 32, 3);
    Cli refused = resume(model, other, "refused");
    assertThat(refused.code()).as(refused.err()).isEqualTo(Main.EXIT_USAGE);
    assertThat(refused.errorLines()).as(refused.err()).hasSize(1);
    assertThat(refused.errorLines().get(0))
        .startsWith("error: " + model + " was trained on another data set")
        .contains("give the --data it was trained on, or add --new-data");
    assertThat(tmp.resolve("refused/model.npz")).doesNotExist();

    Cli same = resume(model, data, "same");
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(same.err()).doesNotContain("was trained on");

    Cli meant = resume(model, other, "meant", "--new-data");
    assertThat(meant.code()).as(meant.err()).isZero();
    assertThat(meant.err()).contains("note: " + model + " was trained on").contains("(--new-data)");
    DataSet now = DataSet.of(ModelFile.load(tmp.resolve("meant/model.npz")).meta());
    assertThat(now.sameFiles(DataSet.of(ModelFile.load(model).meta()))).isFalse();
  }

  @Test
  void newDataWithoutResumeIsBadUsage() {
    Cli r = Cli.run("train", "--new-data", "--data", data.toString(), "--epochs", "1");
    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errorLines())
        .singleElement()
        .asString()
        .contains("--new-data applies to --resume");
  }

  private static Cli resume(Path model, Path dir, String outName, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--resume",
                model.toString(),
                "--data",
                dir.toString(),
                "--epochs",
                "1",
                "--quiet",
                "--out",
                tmp.resolve(outName).toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }
}
