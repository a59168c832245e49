package org.mnistnn.report;

import static org.mnistnn.report.Html.esc;
import static org.mnistnn.report.Html.fixed;
import static org.mnistnn.report.Html.img;
import static org.mnistnn.report.Html.percent;

import com.google.gson.JsonElement;
import java.awt.Font;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.engine.KernelChoice;
import org.mnistnn.eval.ConfusionMatrix;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.plots.AccuracyPlot;
import org.mnistnn.plots.Colors;
import org.mnistnn.plots.ConfusionPlot;
import org.mnistnn.plots.DigitImages;
import org.mnistnn.plots.LossPlot;

/**
 * {@code report.html}: one self-contained page about a finished run. Every figure is inlined as a
 * base64 data URI and the styles are inlined too, so the page opens anywhere without a network or
 * the files beside it.
 */
public final class HtmlReport {
  /** How many of the most confidently wrong test digits the report shows. */
  public static final int MISTAKES = 20;

  /** How many test digits the "sample predictions" section shows. */
  public static final int SAMPLES = 30;

  private static final int DIGIT_SCALE = 3;

  private HtmlReport() {}

  /** The page for {@code run}; {@code weightsPng} is the picture also written as weights.png. */
  public static String render(RunOutputs.Run run, byte[] weightsPng) {
    return render(run, weightsPng, null);
  }

  /**
   * The page for {@code run}, with an "augmentation" section showing {@code augmentPng} (the
   * picture written as augment.png) unless it is null.
   */
  public static String render(RunOutputs.Run run, byte[] weightsPng, byte[] augmentPng) {
    StringBuilder sb = new StringBuilder(1 << 20);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>mnist-nn run: ")
        .append(percent(run.testResult().accuracy()))
        .append(" test accuracy</title>\n<style>\n")
        .append(css())
        .append("</style>\n</head>\n<body>\n");
    header(sb, run, augmentPng != null);
    sb.append("<main class=\"wrap\">\n");
    settings(sb, run);
    curves(sb, run);
    confusion(sb, run.testResult().confusion(), classes(run));
    mistakes(sb, run);
    StepSection.append(sb, run);
    weights(sb, run, weightsPng);
    if (augmentPng != null) {
      augmentation(sb, run, augmentPng);
    }
    samples(sb, run);
    sb.append("</main>\n<footer>written by mnist-nn on ")
        .append(esc(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)))
        .append(" · the math behind it: docs/backprop.md in the repository</footer>\n")
        .append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void header(StringBuilder sb, RunOutputs.Run run, boolean augmented) {
    var net = run.net();
    var r = run.testResult();
    sb.append("<header><div class=\"wrap\">\n<h1>mnist-nn run report</h1>\n<p>A ")
        .append(net.inputs)
        .append("–")
        .append(net.hidden)
        .append("–")
        .append(net.classes)
        .append(" network (ReLU hidden layer, softmax output) trained with minibatch SGD.</p>\n")
        .append("<div class=\"headline\">\n");
    stat(sb, percent(r.accuracy()), "test accuracy");
    stat(
        sb,
        Integer.toString(r.predicted().length - correct(r)),
        classes(run).digits() ? "test digits wrong" : "test images wrong");
    stat(sb, fixed(run.trainSeconds(), 1) + " s", "training time");
    stat(sb, String.format("%,d", net.parameterCount()), "parameters");
    sb.append("</div>\n<nav><a href=\"#settings\">settings</a><a href=\"#curves\">curves</a>")
        .append("<a href=\"#confusion\">confusion</a><a href=\"#mistakes\">mistakes</a>")
        .append("<a href=\"#one-step\">one step</a>")
        .append("<a href=\"#weights\">hidden units</a>")
        .append(augmented ? "<a href=\"#augmentation\">augmentation</a>" : "")
        .append("<a href=\"#samples\">samples</a></nav>\n")
        .append("</div></header>\n");
  }

  private static void stat(StringBuilder sb, String value, String label) {
    sb.append("<div class=\"stat\"><b>")
        .append(esc(value))
        .append("</b><span>")
        .append(esc(label))
        .append("</span></div>\n");
  }

  private static void settings(StringBuilder sb, RunOutputs.Run run) {
    sb.append("<section id=\"settings\"><h2>Settings and timing</h2>\n")
        .append("<p class=\"note\">The hyperparameters stored in model.npz, and where the time")
        .append(" went.</p>\n<div class=\"grid2\"><table class=\"kv\">\n");
    for (Map.Entry<String, JsonElement> e : run.meta().entrySet()) {
      JsonElement v = e.getValue();
      row(sb, e.getKey(), e.getKey().equals("dataset") ? dataSetValue(run) : metaValue(v));
    }
    sb.append("</table><table class=\"kv\">\n");
    double[] epochs = run.metrics().epochSeconds();
    row(sb, "training time", fixed(run.trainSeconds(), 2) + " s");
    row(sb, "epochs timed", Integer.toString(epochs.length));
    if (epochs.length > 0) {
      double[] sorted = epochs.clone();
      Arrays.sort(sorted);
      row(sb, "median seconds per epoch", fixed(sorted[sorted.length / 2], 2));
      row(
          sb,
          "fastest / slowest epoch",
          fixed(sorted[0], 2) + " / " + fixed(sorted[sorted.length - 1], 2) + " s");
    }
    row(sb, "kernels", KernelChoice.describe());
    row(
        sb,
        "Java",
        System.getProperty("java.version") + " (" + System.getProperty("os.arch") + ")");
    row(sb, "processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    sb.append("</table></div>\n</section>\n");
  }

  /** The data set for people: its name, and its classes when they are not the digits. */
  private static String dataSetValue(RunOutputs.Run run) {
    DataSet d = classes(run);
    return d.label() + (d.digits() ? "" : "; classes " + String.join(", ", d.classes()));
  }

  /**
   * A metadata value for people: long fractions rounded, small ones as {@code 1e-4} (not Java's
   * {@code 1.0E-4}), everything else as stored.
   */
  static String metaValue(JsonElement v) {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
      double d = v.getAsDouble();
      if (d != 0 && Math.abs(d) < 1e-3 && Double.isFinite(d)) {
        java.math.BigDecimal b =
            new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.4g", d))
                .stripTrailingZeros();
        int exponent = b.precision() - b.scale() - 1;
        return b.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
      }
      if (d != Math.rint(d) && Math.abs(d) >= 1e-3) {
        String fourDigits = String.format(java.util.Locale.ROOT, "%.4g", d);
        return new java.math.BigDecimal(fourDigits).stripTrailingZeros().toPlainString();
      }
    }
    return v.isJsonPrimitive() ? v.getAsString() : v.toString();
  }

  private static void row(StringBuilder sb, String key, String value) {
    sb.append("<tr><td>")
        .append(esc(key))
        .append("</td><td>")
        .append(esc(value))
        .append("</td></tr>\n");
  }

  private static void curves(StringBuilder sb, RunOutputs.Run run) {
    var rows = run.metrics().rows();
    sb.append("<section id=\"curves\"><h2>Learning curves</h2>\n")
        .append("<p class=\"note\">Left: the training loss (cross-entropy plus the L2 term),")
        .append(" smoothed as s ← 0.95·s + 0.05·loss. Right: accuracy on the 10,000 test images,")
        .append(" measured every 1,000 steps and at each epoch end.</p>\n<div class=\"grid2\">")
        .append(img(chartPng(LossPlot.chart(rows)), "smoothed training loss", "chart"))
        .append(img(chartPng(AccuracyPlot.chart(rows)), "test accuracy during training", "chart"))
        .append("</div>\n</section>\n");
  }

  private static void confusion(StringBuilder sb, ConfusionMatrix m, DataSet data) {
    int c = m.classes();
    double barFrom = barFrom(m);
    sb.append("<section id=\"confusion\"><h2>Confusion matrix and per-class scores</h2>\n")
        .append("<p class=\"note\">Rows are the true ")
        .append(data.digits() ? "digit" : "class")
        .append(", columns the predicted one; shading")
        .append(" is each cell's share of its row (also saved as confusion.png). Precision: of")
        .append(" the images predicted k, the share that are k. Recall: of the images of k, the")
        .append(" share predicted k. F1: their harmonic mean.</p>\n<div class=\"grid2\">\n")
        .append("<table class=\"confusion\"><tr><th title=\"rows: true ")
        .append(data.digits() ? "digit" : "class")
        .append("\">↓ →</th>");
    for (int p = 0; p < c; p++) {
      sb.append("<th title=\"").append(esc(data.className(p))).append("\">").append(p);
      sb.append("</th>");
    }
    sb.append("</tr>\n");
    for (int t = 0; t < c; t++) {
      sb.append("<tr><th title=\"").append(esc(data.className(t))).append("\">").append(t);
      sb.append("</th>");
      for (int p = 0; p < c; p++) {
        int rgb = Colors.sequential(Math.sqrt(ConfusionPlot.rowShare(m, t, p)));
        sb.append("<td style=\"background:")
            .append(Colors.css(rgb))
            .append(";color:")
            .append(Colors.needsLightText(rgb) ? "#fff" : "#333")
            .append("\">")
            .append(m.count(t, p))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n<table class=\"classes\"><tr><th>")
        .append(data.digits() ? "digit" : "class")
        .append("</th><th>precision</th>")
        .append("<th>recall</th><th>F1</th><th></th></tr>\n");
    for (int k = 0; k < c; k++) {
      double f1 = m.f1(k);
      sb.append("<tr><td>")
          .append(data.digits() ? String.valueOf(k) : k + " " + esc(data.className(k)))
          .append("</td><td>")
          .append(fixed(m.precision(k), 4))
          .append("</td><td>")
          .append(fixed(m.recall(k), 4))
          .append("</td><td><b>")
          .append(fixed(f1, 4))
          .append("</b></td><td class=\"bar\"><span style=\"width:")
          .append(fixed(Math.max(0, (f1 - barFrom) / (1 - barFrom)) * 100, 1))
          .append("%\"></span></td></tr>\n");
    }
    sb.append("</table>\n</div>\n<p class=\"note\">The bars run from F1 ")
        .append(fixed(barFrom, 1))
        .append(" to 1.0.</p>\n")
        .append("</section>\n");
  }

  /**
   * Where the F1 bars start: 0.8, or lower in steps of 0.1 so that the weakest class still shows a
   * bar (a harder data set has classes far below 0.8).
   */
  static double barFrom(ConfusionMatrix m) {
    double lowest = 1;
    for (int k = 0; k < m.classes(); k++) {
      lowest = Math.min(lowest, m.f1(k));
    }
    return Math.max(0, Math.min(0.8, Math.floor(10 * lowest - 0.5) / 10));
  }

  /** The run's data set, from its model's metadata. */
  private static DataSet classes(RunOutputs.Run run) {
    return DataSet.of(run.meta());
  }

  private static void mistakes(StringBuilder sb, RunOutputs.Run run) {
    Evaluator.Result r = run.testResult();
    int[] wrong =
        IntStream.range(0, r.predicted().length)
            .filter(i -> r.predicted()[i] != r.actual()[i])
            .boxed()
            .sorted(Comparator.comparingDouble(i -> -r.probability(i, r.predicted()[i])))
            .limit(MISTAKES)
            .mapToInt(Integer::intValue)
            .toArray();
    sb.append("<section id=\"mistakes\"><h2>The ")
        .append(wrong.length)
        .append(" most confidently wrong test ")
        .append(classes(run).digits() ? "digits" : "images")
        .append("</h2>\n")
        .append("<p class=\"note\">Mistakes sorted by the probability the network gave its")
        .append(" wrong answer. Some are the network's fault; some would fool a person.</p>\n")
        .append("<div class=\"digits\">\n");
    for (int i : wrong) {
      digit(sb, run.data().test(), r, i, classes(run));
    }
    sb.append("</div>\n</section>\n");
  }

  private static void weights(StringBuilder sb, RunOutputs.Run run, byte[] weightsPng) {
    sb.append("<section id=\"weights\"><h2>What the ")
        .append(run.net().hidden)
        .append(" hidden units look for</h2>\n")
        .append("<p class=\"note\">Each tile is one column of W1 drawn as a 28×28 image: the")
        .append(" weight each pixel has on that unit's input z1. Blue pixels excite the unit, red")
        .append(
            " ones inhibit it; each tile has its own scale (also saved as weights.png). Early in training")
        .append(" the tiles keep much of their random start.</p>\n")
        .append(img(weightsPng, "first-layer weights of every hidden unit", "weights"))
        .append("\n<div class=\"legend\">negative<i></i>positive</div>\n</section>\n");
  }

  private static void augmentation(StringBuilder sb, RunOutputs.Run run, byte[] png) {
    JsonElement kind = run.meta().get("augment");
    sb.append("<section id=\"augmentation\"><h2>What the network was shown</h2>\n")
        .append("<p class=\"note\">Training digits (first column) and distorted copies made on")
        .append(" the fly")
        .append(kind == null ? "" : " (--augment " + esc(metaValue(kind)) + ")")
        .append(": every epoch sees a new distortion of every image, seeded so runs repeat")
        .append(" (also saved as augment.png).</p>\n")
        .append(img(png, "training digits and their augmentations", "augment"))
        .append("\n</section>\n");
  }

  private static void samples(StringBuilder sb, RunOutputs.Run run) {
    Evaluator.Result r = run.testResult();
    int n = Math.min(SAMPLES, r.predicted().length);
    sb.append("<section id=\"samples\"><h2>Sample predictions</h2>\n")
        .append("<p class=\"note\">The first ")
        .append(n)
        .append(
            classes(run).digits()
                ? " test digits with the predicted digit and its probability; mistakes in red."
                : " test images with the predicted class and its probability; mistakes in red.")
        .append("</p>\n<div class=\"digits\">\n");
    for (int i = 0; i < n; i++) {
      digit(sb, run.data().test(), r, i, classes(run));
    }
    sb.append("</div>\n</section>\n");
  }

  private static void digit(
      StringBuilder sb, MnistDataset test, Evaluator.Result r, int i, DataSet data) {
    int pred = r.predicted()[i];
    int truth = r.actual()[i];
    String predName = esc(data.className(pred));
    String truthName = esc(data.className(truth));
    boolean wrong = pred != truth;
    sb.append("<figure class=\"digit")
        .append(wrong ? " wrong" : "")
        .append("\">")
        .append(
            img(
                DigitImages.png(DigitImages.digit(test, i, DIGIT_SCALE)),
                "test image "
                    + i
                    + ": true "
                    + data.className(truth)
                    + ", predicted "
                    + data.className(pred),
                "d"))
        .append("<figcaption><b>")
        .append(predName)
        .append("</b> ")
        .append(esc(fixed(100 * r.probability(i, pred), 1)))
        .append("%")
        .append(wrong ? "<br>true " + truthName : "")
        .append("</figcaption></figure>\n");
  }

  private static int correct(Evaluator.Result r) {
    int c = 0;
    for (int i = 0; i < r.predicted().length; i++) {
      c += r.predicted()[i] == r.actual()[i] ? 1 : 0;
    }
    return c;
  }

  /** The chart as PNG, with fonts large enough to read when the page shows it half-width. */
  private static byte[] chartPng(XYChart chart) {
    var styler = chart.getStyler();
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String css() {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.css")) {
      if (in == null) {
        throw new IllegalStateException("report.css is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
