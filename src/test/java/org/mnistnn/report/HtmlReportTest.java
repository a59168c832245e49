package org.mnistnn.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;
import org.mnistnn.explain.OneStep;
import org.mnistnn.explain.Variant;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.util.FileWriteException;

/** The report's content on a small synthetic run (the browser test uses a real one). */
class HtmlReportTest {
  @TempDir Path dir;

  /** The files writeAll writes besides report.html. */
  private static final String[] BESIDE_THE_REPORT = {
    RunFolder.MODEL,
    RunFolder.METRICS,
    RunFolder.LOSS_PLOT,
    RunFolder.SAMPLES,
    RunFolder.WEIGHTS,
    RunFolder.CONFUSION
  };

  private static RunOutputs.Run syntheticRun() {
    Random rng = new Random(4);
    int n = 60;
    byte[] images = new byte[n * 784];
    rng.nextBytes(images);
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) rng.nextInt(10);
    }
    MnistDataset set = new MnistDataset(images, labels, n, 28, 28);
    TwoLayerNet net = TwoLayerNet.initialised(784, 7, 10, rng);
    MetricsLog metrics = new MetricsLog(10);
    for (int step = 1; step <= 50; step++) {
      metrics.stepped(step, 1, 2.3 / step);
    }
    metrics.evaluated(50, 1, 0.1);
    metrics.epochEnded(1, 0.5, 0.1);
    JsonObject meta = new JsonObject();
    meta.addProperty("hidden", 7);
    meta.addProperty("note", "<script>alert(1)</script>");
    return new RunOutputs.Run(
        net, meta, metrics, Evaluator.evaluate(net, set), new MnistData(set, set), 0.5);
  }

  @Test
  void hasEverySectionAndInlinesEveryImage() {
    RunOutputs.Run run = syntheticRun();
    String html = HtmlReport.render(run, new byte[] {1, 2, 3});
    for (String id :
        new String[] {
          "settings", "curves", "confusion", "mistakes", "one-step", "weights", "samples"
        }) {
      assertThat(html).contains("<section id=\"" + id + "\">");
    }
    int wrong =
        run.testResult().predicted().length - (int) Math.round(run.testResult().accuracy() * 60);
    int expectedImages =
        2 + 1 + Math.min(HtmlReport.MISTAKES, wrong) + StepSection.IMAGES + HtmlReport.SAMPLES;
    Matcher m = Pattern.compile("<img [^>]*src=\"data:image/png;base64,").matcher(html);
    int count = 0;
    while (m.find()) {
      count++;
    }
    assertThat(count).isEqualTo(expectedImages);
    assertThat(html).doesNotContain("<img src=\"http").doesNotContain("<script>");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html.split("<td style=\"background:", -1)).hasSize(101 + 4 * 10);
  }

  @Test
  void oneStepShowsTheMostConfidentlyWrongDigitLearningItsTrueLabel() {
    RunOutputs.Run run = syntheticRun();
    Evaluator.Result r = run.testResult();
    int worst = -1;
    for (int i = 0; i < r.predicted().length; i++) {
      if (r.predicted()[i] != r.actual()[i]
          && (worst < 0
              || r.probability(i, r.predicted()[i]) > r.probability(worst, r.predicted()[worst]))) {
        worst = i;
      }
    }
    assertThat(worst).isPositive();
    String html = HtmlReport.render(run, new byte[] {1});
    String section = html.substring(html.indexOf("<section id=\"one-step\">"));
    section = section.substring(0, section.indexOf("</section>"));
    int label = run.data().test().label(worst);
    assertThat(section)
        .contains(
            "Test image #"
                + worst
                + " is a "
                + label
                + " that the network reads as "
                + r.predicted()[worst]);
    float[] x = new float[784];
    run.data().test().copyBatch(new int[] {worst}, 0, 1, x, new int[1]);
    OneStep s = OneStep.of(run.net(), x, label, Variant.OURS);
    assertThat(section)
        .contains("loss = −log probs[" + label + "] = " + StepSection.num(s.loss) + ";");
    for (float v : s.dz2) {
      assertThat(section).contains(">" + StepSection.num(v) + "</td>");
    }
    assertThat(section).contains("<th class=\"y\">" + label + "</th>");
    Matcher err = Pattern.compile("relative error ([0-9.e-]+)\\.").matcher(section);
    assertThat(err.find()).isTrue();
    assertThat(Double.parseDouble(err.group(1))).isLessThan(1e-2);
  }

  @Test
  void writeAllLeavesEveryFileOfTheRunFolder() throws Exception {
    RunFolder folder = RunFolder.prepare(dir.resolve("run"));
    RunOutputs.writeAll(folder, syntheticRun());
    assertWritten(folder, RunFolder.REPORT);
    assertWritten(folder, BESIDE_THE_REPORT);
  }

  private static void assertWritten(RunFolder folder, String... files) {
    for (String f : files) {
      assertThat(folder.file(f)).as(f).isNotEmptyFile();
    }
  }

  /** A folder that is not empty where {@code name} goes: moving the file into place fails. */
  private static void block(RunFolder folder, String name) throws Exception {
    Files.createDirectories(folder.file(name));
    Files.writeString(folder.file(name).resolve("keep"), "x");
  }

  @Test
  void aReportThatCannotBeWrittenFailsWriteAllOnceTheOtherFilesAreWritten() throws Exception {
    RunFolder folder = RunFolder.prepare(dir.resolve("blocked"));
    block(folder, RunFolder.REPORT);
    FileWriteException e =
        catchThrowableOfType(
            FileWriteException.class, () -> RunOutputs.writeAll(folder, syntheticRun()));
    assertThat(e).isNotNull();
    assertThat(e.file().getFileName().toString()).isEqualTo(RunFolder.REPORT);
    assertWritten(folder, BESIDE_THE_REPORT);
    try (var left = Files.list(folder.file(RunFolder.REPORT).getParent())) {
      assertThat(left.map(q -> q.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void whenBothThreadsFailTheMainThreadsFailureIsThrownWithTheReportsAttached() throws Exception {
    RunFolder folder = RunFolder.prepare(dir.resolve("both"));
    block(folder, RunFolder.LOSS_PLOT);
    block(folder, RunFolder.REPORT);
    FileWriteException e =
        catchThrowableOfType(
            FileWriteException.class, () -> RunOutputs.writeAll(folder, syntheticRun()));
    assertThat(e).isNotNull();
    assertThat(e.file().getFileName().toString()).isEqualTo(RunFolder.LOSS_PLOT);
    assertThat(e.getSuppressed()).hasSize(1);
    assertThat(((FileWriteException) e.getSuppressed()[0]).file().getFileName().toString())
        .isEqualTo(RunFolder.REPORT);
    assertThat(folder.file(RunFolder.MODEL)).isNotEmptyFile();
  }

  @Test
  void showsAugmentPngOnlyWhenTheRunFolderHasOne() throws Exception {
    RunOutputs.Run run = syntheticRun();
    run.meta().addProperty("augment", "elastic");
    RunFolder plain = RunFolder.prepare(dir.resolve("plain"));
    RunOutputs.writeAll(plain, run);
    assertThat(plain.file(RunFolder.REPORT))
        .content()
        .doesNotContain("id=\"augmentation\"")
        .doesNotContain("#augmentation");

    RunFolder augmented = RunFolder.prepare(dir.resolve("augmented"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 42};
    java.nio.file.Files.write(augmented.file(RunFolder.AUGMENT), png);
    RunOutputs.writeAll(augmented, run);
    String base64 = java.util.Base64.getEncoder().encodeToString(png);
    assertThat(augmented.file(RunFolder.REPORT))
        .content()
        .contains("<section id=\"augmentation\">")
        .contains("<a href=\"#augmentation\">")
        .contains("--augment elastic")
        .contains("data:image/png;base64," + base64);
  }

  @Test
  void smallSettingsReadAsWrittenNotAsJavaPrintsThem() {
    assertThat(HtmlReport.metaValue(new com.google.gson.JsonPrimitive(1.0e-4f))).isEqualTo("1e-4");
    assertThat(HtmlReport.metaValue(new com.google.gson.JsonPrimitive(2.5e-5))).isEqualTo("2.5e-5");
    assertThat(HtmlReport.metaValue(new com.google.gson.JsonPrimitive(0.02f))).isEqualTo("0.02");
    assertThat(HtmlReport.metaValue(new com.google.gson.JsonPrimitive(0.0))).isEqualTo("0.0");
    assertThat(HtmlReport.metaValue(new com.google.gson.JsonPrimitive(16))).isEqualTo("16");
  }
}
