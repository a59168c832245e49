package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.image.Pictures;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.web.TrainedModel;
import picocli.CommandLine;

class PredictCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path model(TwoLayerNet net) throws Exception {
    Path m = dir.resolve("model.npz");
    ModelFile.save(m, net, new JsonObject());
    return m;
  }

  private Path one() throws Exception {
    Path f = dir.resolve("one.png");
    Files.write(
        f,
        Pictures.encode(Pictures.dark(300, 400, new Line2D.Double(150, 60, 150, 340), 26), "png"));
    return f;
  }

  private Path zero() throws Exception {
    Path f = dir.resolve("zero.jpg");
    Files.write(
        f,
        Pictures.encode(
            Pictures.dark(400, 400, new Ellipse2D.Double(110, 70, 170, 250), 28), "jpg"));
    return f;
  }

  @Test
  void printsOneLinePerFile() throws Exception {
    Path m = model(TwoLayerNet.initialised(784, 20, 10, new Random(1)));
    Run r = run("predict", "--model", m.toString(), one().toString(), zero().toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .hasSize(2)
        .allMatch(l -> l.matches(".*\\.(png|jpg): \\d \\(\\d+\\.\\d%\\)"));
  }

  @Test
  void verboseShowsTheTopThree() throws Exception {
    Path m = model(TwoLayerNet.initialised(784, 20, 10, new Random(1)));
    Run r = run("predict", "--model", m.toString(), "--verbose", one().toString());
    assertThat(r.out().strip()).matches(".*: \\d \\(.*%\\)  top 3:( \\d \\d+\\.\\d%){3}");
  }

  @Test
  void jsonIsAnArrayOfFileDigitProbabilities() throws Exception {
    Path m = model(TwoLayerNet.initialised(784, 20, 10, new Random(1)));
    Run r = run("predict", "--model", m.toString(), "--json", one().toString(), zero().toString());
    JsonArray a = JsonParser.parseString(r.out()).getAsJsonArray();
    assertThat(a).hasSize(2);
    JsonObject o = a.get(0).getAsJsonObject();
    assertThat(o.keySet()).containsExactly("file", "digit", "probabilities");
    assertThat(o.get("file").getAsString()).endsWith("one.png");
    assertThat(o.getAsJsonArray("probabilities")).hasSize(10);
  }

  @Test
  void badFilesAreReportedAndTheOthersStillPredicted() throws Exception {
    Path m = model(TwoLayerNet.initialised(784, 20, 10, new Random(1)));
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not a picture");
    Path blank = dir.resolve("blank.png");
    Files.write(blank, Pictures.encode(Pictures.plain(50, 50, java.awt.Color.WHITE), "png"));
    Path missing = dir.resolve("missing.png");
    Run r =
        run(
            "predict",
            "--model",
            m.toString(),
            text.toString(),
            one().toString(),
            blank.toString(),
            missing.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().lines()).hasSize(1).allMatch(l -> l.contains("one.png: "));
    assertThat(r.err().lines())
        .containsExactly(
            "error: " + text + ": not a picture ImageIO can read; use PNG, JPEG, GIF or BMP",
            "error: "
                + blank
                + ": no ink found: the picture is nearly uniform (brightness 1.00); draw or"
                + " photograph one digit, dark on light or light on dark",
            "error: " + missing + ": file not found",
            "error: 3 of 4 files could not be predicted (see above)");
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    assertThat(run("predict", one().toString()).code()).isEqualTo(2);
    assertThat(run("predict", "--model", "x.npz").code()).isEqualTo(2);
    Run r = run("predict", "--model", dir.resolve("none.npz").toString(), one().toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("model file not found");
  }

  @Test
  void aTrainedNetworkReadsDrawnDigits() throws Exception {
    Path m = model(TrainedModel.net());
    Path photo = dir.resolve("pencil-two.jpg");
    Files.write(photo, Pictures.encode(Pictures.pencilTwo(true), "jpg"));
    Run r =
        run(
            "predict",
            "--model",
            m.toString(),
            "--json",
            one().toString(),
            zero().toString(),
            photo.toString());
    JsonArray a = JsonParser.parseString(r.out()).getAsJsonArray();
    assertThat(a.get(0).getAsJsonObject().get("digit").getAsInt()).isEqualTo(1);
    assertThat(a.get(1).getAsJsonObject().get("digit").getAsInt()).isEqualTo(0);
    assertThat(a.get(2).getAsJsonObject().get("digit").getAsInt()).isEqualTo(2);
  }
}
