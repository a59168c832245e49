package org.mnistnn.report;

import static org.mnistnn.report.Html.esc;
import static org.mnistnn.report.Html.img;

import java.awt.image.BufferedImage;
import java.util.Locale;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.explain.OneStep;
import org.mnistnn.explain.StepsOnOneDigit;
import org.mnistnn.explain.Variant;
import org.mnistnn.explain.WeightCheck;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.plots.Colors;
import org.mnistnn.plots.DigitImages;
import org.mnistnn.plots.StepPictures;

/**
 * The report's "one step on one digit" section: the panels of the step page ({@code /step}), drawn
 * once for the test digit the trained network got most confidently wrong, learning its true label —
 * what backpropagation would change to fix that mistake.
 */
final class StepSection {
  /** The pictures the section inlines. */
  static final int IMAGES = 6;

  /** The learning rate of the step shown: the training default. */
  static final float LR = 0.02f;

  private StepSection() {}

  /** Appends the section for {@code run}. */
  static void append(StringBuilder sb, RunOutputs.Run run) {
    TwoLayerNet net = run.net();
    MnistDataset test = run.data().test();
    int i = chosenDigit(run.testResult());
    float[] x = new float[test.pixels()];
    test.copyBatch(new int[] {i}, 0, 1, x, new int[1]);
    int label = test.label(i);
    OneStep s = OneStep.of(net, x, label, Variant.OURS);
    StepsOnOneDigit after =
        StepsOnOneDigit.take(net, x, label, Variant.OURS, LR, StepsOnOneDigit.DEFAULT_L2, 1);
    DataSet data = DataSet.of(run.meta());
    sb.append("<section id=\"one-step\"><h2>One step on one ")
        .append(data.digits() ? "digit" : "image")
        .append("</h2>\n<p class=\"note\">")
        .append("Test image #")
        .append(i)
        .append(data.digits() ? " is a " : " is ")
        .append(named(data, label))
        .append(" that the network reads as ")
        .append(named(data, s.predicted()))
        .append(" (")
        .append(num(s.probs[s.predicted()]))
        .append("). Here is every matrix of one SGD step that learns its true label (N = 1, lr ")
        .append(num(LR))
        .append("), in the notation of docs/backprop.md, computed by the network's own functions.")
        .append(" Blue is above zero, red below, white zero; each picture has its own scale. The")
        .append(
            " same panels, live and for any digit or drawing, are at /step of <code>serve</code>.")
        .append("</p>\n");
    classes(sb, s, after);
    sb.append("<div class=\"steps\">\n");
    figure(sb, StepPictures.gray(s.x, 28, 4), "x", "(1 × 784)", "§0", "test image #" + i, 1);
    figure(
        sb,
        StepPictures.units(s.h1, s.z1),
        "h1 = relu(z1)",
        "(1 × " + net.hidden + ")",
        "§2",
        "Layers.relu",
        StepPictures.maxAbs(s.h1));
    figure(
        sb,
        StepPictures.heat(s.dW2, net.hidden, net.classes),
        "dW2 = h1ᵀ · dz2",
        "(" + net.hidden + " × " + net.classes + ")",
        "§7",
        "Layers.affineBackward",
        StepPictures.maxAbs(s.dW2));
    figure(
        sb,
        StepPictures.units(s.dh1, null),
        "dh1 = dz2 · W2ᵀ",
        "(1 × " + net.hidden + ")",
        "§7",
        "Layers.affineBackward",
        StepPictures.maxAbs(s.dh1));
    figure(
        sb,
        StepPictures.units(s.dz1, s.z1),
        "dz1 = dh1 ⊙ 1[z1 > 0]",
        "(1 × " + net.hidden + ")",
        "§6",
        "Layers.reluBackward",
        StepPictures.maxAbs(s.dz1));
    figure(
        sb,
        StepPictures.tiles(s.dW1, net.hidden, 28, 1),
        "dW1 = xᵀ · dz1",
        "(" + net.inputs + " × " + net.hidden + ")",
        "§7",
        "Layers.affineBackward",
        StepPictures.maxAbs(s.dW1));
    sb.append("</div>\n<p class=\"note\">h1 and dz1: grey cells are units that were off (z1 ≤ 0),")
        .append(" which pass no gradient back. dW2 is drawn with one row per digit and one column")
        .append(
            " per hidden unit. dW1: one 28×28 tile per hidden unit, on one shared scale.</p>\n");
    check(sb, net, s);
    sb.append("</section>\n");
  }

  /** "7" for a digit, "“Sneaker” (7)" for a named class. */
  private static String named(DataSet data, int k) {
    return data.digits() ? String.valueOf(k) : "“" + esc(data.className(k)) + "” (" + k + ")";
  }

  /** The most confidently wrong test digit, or digit 0 when none is wrong. */
  static int chosenDigit(Evaluator.Result r) {
    int best = -1;
    for (int i = 0; i < r.predicted().length; i++) {
      if (r.predicted()[i] != r.actual()[i]
          && (best < 0
              || r.probability(i, r.predicted()[i]) > r.probability(best, r.predicted()[best]))) {
        best = i;
      }
    }
    return Math.max(best, 0);
  }

  private static void classes(StringBuilder sb, OneStep s, StepsOnOneDigit after) {
    int c = s.probs.length;
    sb.append("<div class=\"scroll\"><table class=\"steptable\"><tr><th>k</th>");
    for (int k = 0; k < c; k++) {
      sb.append(k == s.label ? "<th class=\"y\">" : "<th>").append(k).append("</th>");
    }
    sb.append("</tr>\n");
    row(sb, "z2 = h1 · W2 + b2", s.z2, true, "§1");
    row(sb, "probs = softmax(z2)", s.probs, false, "§3");
    row(sb, "dz2 = db2 = probs − onehot(y)", s.dz2, true, "§5");
    row(sb, "probs after one step", after.probs(), false, "§9");
    sb.append("</table></div>\n<p class=\"note\">loss = −log probs[")
        .append(s.label)
        .append("] = ")
        .append(num(s.loss))
        .append("; after one step with lr ")
        .append(num(LR))
        .append(" and reg 1e-4: ")
        .append(num(after.losses()[1]))
        .append(", and the network would answer ")
        .append(TwoLayerNet.argmax(after.probs(), 0, c))
        .append(".</p>\n");
  }

  private static void row(StringBuilder sb, String name, float[] v, boolean signed, String sec) {
    float m = StepPictures.maxAbs(v);
    sb.append("<tr><th class=\"eq\">")
        .append(esc(name))
        .append(" <span class=\"sec\">")
        .append(sec)
        .append("</span></th>");
    for (float x : v) {
      int rgb = signed ? Colors.diverging(x / m) : Colors.sequential(x);
      sb.append("<td style=\"background:")
          .append(Colors.css(rgb))
          .append(";color:")
          .append(Colors.needsLightText(rgb) ? "#fff" : "#333")
          .append("\">")
          .append(num(x))
          .append("</td>");
    }
    sb.append("</tr>\n");
  }

  private static void figure(
      StringBuilder sb,
      BufferedImage pic,
      String eq,
      String shape,
      String sec,
      String code,
      float scale) {
    sb.append("<figure>")
        .append(img(DigitImages.png(pic), eq, "panel"))
        .append("<figcaption><b class=\"eq\">")
        .append(esc(eq))
        .append("</b><br>")
        .append(esc(shape))
        .append(" · ")
        .append(sec)
        .append(" · <code>")
        .append(esc(code))
        .append("</code>")
        .append(eq.equals("x") ? "" : " · scale ±" + num(scale))
        .append("</figcaption></figure>\n");
  }

  private static void check(StringBuilder sb, TwoLayerNet net, OneStep s) {
    int unit = 0;
    for (int j = 0; j < s.h1.length; j++) {
      unit = s.h1[j] > s.h1[unit] ? j : unit;
    }
    int index = unit * net.classes + s.label;
    WeightCheck c = WeightCheck.of(net, s, "W2", index);
    sb.append("<p class=\"note\">The gradient check of one weight (§11), W2[")
        .append(unit)
        .append(", ")
        .append(s.label)
        .append("]: backprop ")
        .append(num(c.backprop()))
        .append(", centred finite difference ")
        .append(num(c.numerical()))
        .append(", relative error ")
        .append(num(c.relativeError()))
        .append(".</p>\n");
  }

  /** Four significant digits, as the step page writes numbers. */
  static String num(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v))
          .stripTrailingZeros()
          .toPlainString();
    }
    return String.format(Locale.ROOT, "%.3e", v);
  }
}
