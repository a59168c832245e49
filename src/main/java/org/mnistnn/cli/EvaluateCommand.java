package org.mnistnn.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistData;
import org.mnistnn.eval.ConfusionMatrix;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: accuracy and confusion matrix of a saved model on the test set. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Accuracy and 10×10 confusion matrix of a saved model on the 10,000 test images.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model.npz.")
  Path model;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Mixin DataOptions dataOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** "0 T-shirt/top, 1 Trouser, …". */
  private static String classList(DataSet d) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < d.classes().size(); k++) {
      sb.append(k == 0 ? "" : ", ").append(k).append(' ').append(d.className(k));
    }
    return sb.toString();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelFile.Saved saved = ModelFile.load(model);
    TwoLayerNet net = saved.net();
    MnistData data = dataOptions.load(err::println);
    DataSet trained = DataSet.of(saved.meta());
    String note = trained.mismatchNote(model.toString(), dataOptions.dataSet());
    if (note != null) {
      err.println(note);
      err.flush();
    }
    if (net.inputs != data.test().pixels()) {
      throw new UserException(
          model
              + ": the model takes "
              + net.inputs
              + " inputs but the images have "
              + data.test().pixels()
              + " pixels");
    }
    ModelFile.requireShape(net, data.test().pixels(), 10, model);
    Evaluator.Result r = Evaluator.evaluate(net, data.test());
    ConfusionMatrix cm = r.confusion();
    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("model", model.toString());
      o.addProperty("images", r.predicted().length);
      o.addProperty("accuracy", r.accuracy());
      JsonArray rows = new JsonArray();
      for (int[] row : cm.counts()) {
        JsonArray a = new JsonArray();
        for (int v : row) {
          a.add(v);
        }
        rows.add(a);
      }
      o.add("confusion", rows);
      JsonArray names = new JsonArray();
      trained.classes().forEach(names::add);
      o.add("class_names", names);
      out.println(new GsonBuilder().create().toJson(o));
    } else {
      out.println(
          trained.digits()
              ? "confusion matrix (rows: true digit, columns: predicted digit)"
              : "confusion matrix (rows: true class, columns: predicted class; "
                  + classList(trained)
                  + ")");
      out.print(cm.toText());
      out.println(String.format(Locale.ROOT, "test accuracy: %.4f", r.accuracy()));
    }
    out.flush();
    return Main.EXIT_OK;
  }
}
