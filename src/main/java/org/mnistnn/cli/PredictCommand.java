package org.mnistnn.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mnistnn.data.DataSet;
import org.mnistnn.image.ImageFiles;
import org.mnistnn.image.MnistPreprocessor;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.util.UserException;
import org.mnistnn.web.Prediction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code predict}: the digit in each picture, after MNIST-style preprocessing. A file that cannot
 * be read gets one error line on stderr; the others are still predicted, and the exit code is 1.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Read the digit in each picture (PNG, JPEG, GIF, BMP): the picture is made white-on-black,"
          + " cropped to its ink, scaled to 20 px and centred by its centre of mass in 28×28,"
          + " as the MNIST digits were.",
      "Exit code 1 when any file could not be read (the others are still predicted)."
    })
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model.npz.")
  Path model;

  @Option(
      names = "--json",
      description =
          "Print a JSON array of {\"file\", \"digit\", \"probabilities\"} (with --show also"
              + " \"input\"), and {\"file\", \"error\"} for a file that could not be read.")
  boolean json;

  @Option(names = "--verbose", description = "Also show the three most probable digits.")
  boolean verbose;

  @Option(
      names = "--show",
      paramLabel = "DIR",
      description =
          "Write the 28×28 input the network saw for each picture to DIR/NAME.png (scaled ×10),"
              + " to see why it answered what it did.")
  Path show;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Pictures of one digit each.")
  List<Path> files;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelFile.Saved saved = ModelFile.load(model);
    TwoLayerNet net = saved.net();
    DataSet trained = DataSet.of(saved.meta());
    if (!trained.sameFiles(DataSet.MNIST)) {
      err.println(
          "note: "
              + model
              + " was trained on "
              + trained.label()
              + ", not MNIST; each picture is still prepared as MNIST's digits were");
      err.flush();
    }
    if (net.inputs != MnistPreprocessor.SIDE * MnistPreprocessor.SIDE) {
      throw new UserException(
          model + ": the model takes " + net.inputs + " inputs, not 28×28 = 784 pixels");
    }
    ModelFile.requireShape(net, net.inputs, 10, model);
    JsonArray results = new JsonArray();
    List<String> failed = new ArrayList<>();
    InputPictures shown = show == null ? null : InputPictures.in(show);
    for (Path file : files) {
      Prediction p;
      Path picture = null;
      try {
        float[] x = MnistPreprocessor.process(ImageFiles.read(file)).pixels();
        p = Prediction.of(net, x);
        picture = shown == null ? null : shown.write(file, x);
      } catch (UserException e) {
        String msg =
            e.getMessage().startsWith(file.toString())
                ? e.getMessage()
                : file + ": " + e.getMessage();
        err.println("error: " + msg);
        err.flush();
        failed.add(file.toString());
        if (json) {
          results.add(failure(file, msg));
        }
        continue;
      }
      if (json) {
        JsonObject o = toJson(file, p);
        if (!trained.digits()) {
          o.addProperty("class", trained.className(p.digit()));
        }
        if (picture != null) {
          o.addProperty("input", picture.toString());
        }
        results.add(o);
      } else {
        out.println(line(file, p, trained));
        out.flush();
      }
    }
    if (json) {
      out.println(new GsonBuilder().create().toJson(results));
    }
    out.flush();
    if (!failed.isEmpty()) {
      err.println(
          "error: "
              + failed.size()
              + " of "
              + files.size()
              + " files could not be predicted (see above)");
      err.flush();
      return Main.EXIT_FAILURE;
    }
    return Main.EXIT_OK;
  }

  private String line(Path file, Prediction p, DataSet trained) {
    StringBuilder s = new StringBuilder();
    String name = trained.digits() ? "" : " " + trained.className(p.digit());
    s.append(
        String.format(
            Locale.ROOT,
            "%s: %d%s (%.1f%%)",
            file,
            p.digit(),
            name,
            100 * p.probabilities()[p.digit()]));
    if (verbose) {
      s.append("  top 3:");
      for (int d : top(p.probabilities(), 3)) {
        String dName = trained.digits() ? "" : " " + trained.className(d);
        s.append(String.format(Locale.ROOT, " %d%s %.1f%%", d, dName, 100 * p.probabilities()[d]));
      }
    }
    return s.toString();
  }

  /** A file that could not be predicted: {@code {"file", "error"}}. */
  private static JsonObject failure(Path file, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file.toString());
    o.addProperty("error", message);
    return o;
  }

  private static JsonObject toJson(Path file, Prediction p) {
    JsonObject o = new JsonObject();
    o.addProperty("file", file.toString());
    o.addProperty("digit", p.digit());
    JsonArray probs = new JsonArray();
    for (float v : p.probabilities()) {
      probs.add(v);
    }
    o.add("probabilities", probs);
    return o;
  }

  /** The indices of the {@code k} largest values, largest first. */
  static int[] top(float[] v, int k) {
    return java.util.stream.IntStream.range(0, v.length)
        .boxed()
        .sorted((a, b) -> Float.compare(v[b], v[a]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
