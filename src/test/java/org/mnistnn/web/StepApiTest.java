package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.gradcheck.DoubleLayers;
import org.mnistnn.gradcheck.ReferenceNet;
import org.mnistnn.learn.TwoLayerNet;

/**
 * {@code POST /api/step} on a network trained for 2 epochs and real MNIST test digits: its numbers
 * against the double-precision reference computed here, steps that lower the loss, the gradient
 * check, and every kind of bad body.
 */
class StepApiTest {
  static final int DIGIT = 0;
  static TwoLayerNet net;
  static TwoLayerNet served;
  static MnistDataset test;
  static WebServer server;
  static ServerClient client;

  @BeforeAll
  static void start() throws Exception {
    net = TrainedModel.net();
    served = net.copy();
    test = TestData.mnist().test();
    server = new WebServer(new LiveModel(served), TestDigits.of(test), null).start("127.0.0.1", 0);
    client = new ServerClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(String body) throws Exception {
    return client.post("/api/step", "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject ok(String body) throws Exception {
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ServerClient.json(r);
  }

  static double[] doubles(JsonObject o, String name) {
    JsonArray a = o.getAsJsonArray(name);
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsDouble();
    }
    return v;
  }

  /** Each entry within float32 rounding of the reference: 1e-5 of the array's largest entry. */
  static void assertClose(JsonObject o, String name, double[] expected) {
    double[] actual = doubles(o, name);
    assertThat(actual).as(name).hasSameSizeAs(expected);
    double scale = 1e-12;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as(name + "[" + i + "]").isCloseTo(expected[i], within(1e-5 * scale));
    }
  }

  static double[] pixels(int i) {
    return ReferenceNet.toDouble(TestDigits.of(test).pixels(i));
  }

  @Test
  void everyMatrixEqualsTheDoublePrecisionReference() throws Exception {
    int label = (test.label(DIGIT) + 3) % 10; // a wrong label: every gradient is large
    JsonObject o = ok("{\"test_index\": " + DIGIT + ", \"label\": " + label + "}");
    ReferenceNet ref = new ReferenceNet(net);
    double[] x = pixels(DIGIT);
    ReferenceNet.Pass a = ref.forward(x, 1);
    int[] y = {label};
    double[] dz2 = new double[10];
    double[] dh1 = new double[100];
    double[] dz1 = new double[100];
    double[] dW2 = new double[1000];
    double[] db2 = new double[10];
    double[] dW1 = new double[78400];
    double[] db1 = new double[100];
    DoubleLayers.softmaxCrossEntropyBackward(a.probs(), y, dz2, 1, 10);
    DoubleLayers.affineBackward(dz2, a.h1(), ref.W2, dW2, db2, dh1, 1, 100, 10);
    DoubleLayers.reluBackward(dh1, a.z1(), dz1, 100);
    DoubleLayers.affineBackward(dz1, x, ref.W1, dW1, db1, null, 1, 784, 100);
    assertClose(o, "x", x);
    assertClose(o, "z1", a.z1());
    assertClose(o, "h1", a.h1());
    assertClose(o, "z2", a.z2());
    assertClose(o, "probs", a.probs());
    assertThat(o.get("loss").getAsDouble())
        .isCloseTo(DoubleLayers.crossEntropy(a.probs(), y, 1, 10), within(1e-5));
    assertClose(o, "dz2", dz2);
    assertClose(o, "dW2", dW2);
    assertClose(o, "db2", db2);
    assertClose(o, "dh1", dh1);
    assertClose(o, "dz1", dz1);
    assertClose(o, "dW1", dW1);
    assertClose(o, "db1", db1);
    assertThat(o.get("label").getAsInt()).isEqualTo(label);
    assertThat(o.get("true_label").getAsInt()).isEqualTo(test.label(DIGIT));
    assertThat(o.getAsJsonObject("shapes").getAsJsonArray("dW1").toString()).isEqualTo("[784,100]");
    assertThat(o.getAsJsonObject("shapes").getAsJsonArray("dW2").toString()).isEqualTo("[100,10]");
  }

  @Test
  void theLabelDefaultsToTheTruthForATestDigitAndToTheAnswerForADrawing() throws Exception {
    assertThat(ok("{\"test_index\": 7}").get("label").getAsInt()).isEqualTo(test.label(7));
    StringBuilder drawn = new StringBuilder("{\"pixels\": [");
    double[] x = pixels(7);
    for (int i = 0; i < x.length; i++) {
      drawn.append(i == 0 ? "" : ",").append((float) x[i]);
    }
    JsonObject o = ok(drawn.append("]}").toString());
    assertThat(o.get("label").getAsInt()).isEqualTo(o.get("predicted").getAsInt());
    assertThat(o.has("true_label")).isFalse();
  }

  @Test
  void stepsLowerTheLossAsDoublePrecisionSgdDoes() throws Exception {
    int label = (test.label(DIGIT) + 1) % 10;
    JsonObject o =
        ok(
            "{\"test_index\": "
                + DIGIT
                + ", \"label\": "
                + label
                + ", \"steps\": 10, \"lr\": 0.001}"); // at 0.02 one step already takes it near 0
    double[] losses = doubles(o, "losses");
    assertThat(losses).hasSize(11);
    for (int i = 1; i < losses.length; i++) {
      assertThat(losses[i]).as("loss after step " + i).isLessThan(losses[i - 1]);
    }
    assertThat(o.getAsJsonObject("after").get("loss").getAsDouble()).isEqualTo(losses[10]);
    // the same steps in double precision, with L2 on weights and biases
    ReferenceNet ref = new ReferenceNet(net);
    double[] x = pixels(DIGIT);
    ReferenceNet.L2 l2 = new ReferenceNet.L2(1e-4f, true);
    for (int step = 0; step < 10; step++) {
      double[][] g = ref.backward(x, new int[] {label}, 1, ReferenceNet.L2.NONE);
      double[][] theta = ref.parameters();
      for (int p = 0; p < theta.length; p++) {
        DoubleLayers.sgdStep(theta[p], g[p], 0.001f, l2.regFor(p));
      }
    }
    assertClose(o.getAsJsonObject("after"), "probs", ref.forward(x, 1).probs());
    assertThat(doubles(o.getAsJsonObject("after"), "delta_W2")[5])
        .isCloseTo(ref.W2[5] - net.W2[5], within(1e-5));
  }

  @Test
  void theServedModelIsNeverChanged() throws Exception {
    ok("{\"test_index\": 3, \"label\": 4, \"steps\": 200, \"lr\": 1}");
    assertThat(served.W1).isEqualTo(net.W1);
    assertThat(served.W2).isEqualTo(net.W2);
    assertThat(served.b1).isEqualTo(net.b1);
    assertThat(served.b2).isEqualTo(net.b2);
  }

  /** An inked pixel and a unit that is on, so the W1 entry checked has a non-zero gradient. */
  static int liveW1Index(JsonObject o) {
    double[] x = doubles(o, "x");
    double[] dz1 = doubles(o, "dz1");
    int unit = 0;
    for (int j = 0; j < dz1.length; j++) {
      unit = Math.abs(dz1[j]) > Math.abs(dz1[unit]) ? j : unit;
    }
    int pixel = 0;
    for (int p = 0; p < x.length; p++) {
      pixel = x[p] > x[pixel] ? p : pixel;
    }
    return pixel * 100 + unit;
  }

  @ParameterizedTest
  @CsvSource({"W2, 37", "b2, 4", "b1, 60", "W2, 999", "b1, 0"})
  void theGradientCheckAgreesInFloat32(String param, int index) throws Exception {
    for (int label : new int[] {test.label(DIGIT), (test.label(DIGIT) + 5) % 10}) {
      JsonObject c = checked(label, param, index, "ours");
      assertThat(c.get("relative_error").getAsDouble()).as(c.toString()).isLessThan(1e-2);
    }
  }

  @Test
  void theGradientCheckOfAnActiveFirstLayerWeightAgrees() throws Exception {
    int label = (test.label(DIGIT) + 5) % 10;
    int j = liveW1Index(ok("{\"test_index\": " + DIGIT + ", \"label\": " + label + "}"));
    JsonObject c = checked(label, "W1", j, "ours");
    assertThat(c.get("backprop").getAsDouble()).isNotZero();
    assertThat(c.get("relative_error").getAsDouble()).as(c.toString()).isLessThan(1e-2);
  }

  @Test
  void theNotebooksVersionFailsTheCheck() throws Exception {
    int label = test.label(DIGIT);
    JsonObject o = ok("{\"test_index\": " + DIGIT + ", \"variant\": \"notebook\"}");
    assertThat(o.get("variant").getAsString()).isEqualTo("notebook");
    double[] z2 = doubles(o, "z2");
    int negative = 0;
    while (z2[negative] >= 0) {
      negative++; // a class whose score the notebook's ReLU flattens
    }
    JsonObject c = checked(label, "b2", negative, "notebook");
    assertThat(c.get("numerical").getAsDouble()).isCloseTo(0, within(1e-9));
    assertThat(c.get("relative_error").getAsDouble()).as(c.toString()).isGreaterThan(0.5);
    assertThat(checked(label, "b2", negative, "ours").get("relative_error").getAsDouble())
        .isLessThan(1e-2);
  }

  static JsonObject checked(int label, String param, int index, String variant) throws Exception {
    JsonObject o =
        ok(
            "{\"test_index\": "
                + DIGIT
                + ", \"label\": "
                + label
                + ", \"variant\": \""
                + variant
                + "\", \"check\": {\"param\": \""
                + param
                + "\", \"index\": "
                + index
                + "}}");
    JsonObject c = o.getAsJsonObject("check");
    assertThat(c.get("param").getAsString()).isEqualTo(param);
    assertThat(c.get("index").getAsInt()).isEqualTo(index);
    return c;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|give \"pixels\"",
        "[]|expected a JSON object",
        "{\"test_index\": 0, \"pixels\": []}|has 0 values",
        "{\"test_index\": 10000}|from 0 to 9999",
        "{\"test_index\": -1}|from 0 to 9999",
        "{\"test_index\": 1.5}|whole number",
        "{\"test_index\": \"3\"}|must be a number",
        "{\"test_index\": 0, \"label\": 10}|\"label\" is 10.0; expected a whole number from 0 to 9",
        "{\"test_index\": 0, \"lr\": 0}|\"lr\" is 0.0; expected 0 < lr ≤ 10",
        "{\"test_index\": 0, \"lr\": 10.5}|expected 0 < lr ≤ 10",
        "{\"test_index\": 0, \"lr\": 1e999}|not valid JSON",
        "{\"test_index\": 0, \"lr\": NaN}|not valid JSON",
        "{\"test_index\": 0, \"steps\": 1001}|from 0 to 1000",
        "{\"test_index\": 0, \"steps\": -1}|from 0 to 1000",
        "{\"test_index\": 0, \"reg\": 2}|0 ≤ reg ≤ 1",
        "{\"test_index\": 0, \"reg_biases\": 1}|true or false",
        "{\"test_index\": 0, \"variant\": \"numpy\"}|expected \"ours\" or \"notebook\"",
        "{\"test_index\": 0, \"step\": 3}|unknown key \"step\"",
        "{\"test_index\": 0, \"test_index\": 1}|appears twice",
        "{\"test_index\": 0, \"check\": {\"param\": \"W3\", \"index\": 0}}|\"W3\"; expected one of W1",
        "{\"test_index\": 0, \"check\": {\"param\": \"W1\", \"index\": 78400}}|W1 has 78400 entries",
        "{\"test_index\": 0, \"check\": {\"param\": \"b2\", \"index\": 10}}|from 0 to 9",
        "{\"test_index\": 0, \"check\": {\"param\": \"b2\"}}|\"check.index\" is missing",
        "{\"test_index\": 0, \"check\": {\"index\": 1}}|\"check.param\" is missing",
        "{\"test_index\": 0, \"check\": [\"W1\", 3]}|must be an object",
        "{\"test_index\": 0, \"check\": {\"param\": \"b1\", \"index\": 1, \"x\": 1}}|not \"x\"",
        "{\"test_index\": 0} 7|not valid JSON",
        "{\"test_index\": 0|not valid JSON",
      })
  void badBodiesAre400AndSayWhy(String body, String message) throws Exception {
    StepApiTest.assertError(post(body), 400, message);
  }

  static void assertError(HttpResponse<String> r, int status, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject o = ServerClient.json(r);
    assertThat(o.keySet()).containsExactly("error");
    assertThat(o.get("error").getAsString()).contains(message);
  }

  @Test
  void wrongMethodTypeAndSizeAre4xx() throws Exception {
    assertError(client.get("/api/step"), 405, "use POST");
    byte[] body = "{\"test_index\": 0}".getBytes(StandardCharsets.UTF_8);
    assertError(client.post("/api/step", "text/plain", body), 415, "application/json");
    assertError(
        client.post("/api/step", "application/json", new byte[] {'{', '"', (byte) 0xff, '"'}),
        400,
        "not UTF-8");
    String big = "{\"test_index\": 0, \"lr\": 0." + "0".repeat(70_000) + "1}";
    assertError(post(big), 413, "the limit is 65536 bytes");
  }

  @Test
  void duringTrainingTheStepUsesTheLatestPublishedWeights() throws Exception {
    LiveModel live = new LiveModel(Fixtures.net(100, 1));
    try (WebServer training =
        new WebServer(live, TestDigits.of(test), null).start("127.0.0.1", 0)) {
      live.publish(net.copy(), 1234, true);
      var r =
          new ServerClient(training)
              .post(
                  "/api/step",
                  "application/json",
                  "{\"test_index\": 0}".getBytes(StandardCharsets.UTF_8));
      JsonObject o = ServerClient.json(r);
      assertThat(o.get("model_step").getAsLong()).isEqualTo(1234);
      assertThat(o.getAsJsonArray("W2").get(17).getAsFloat()).isEqualTo(net.W2[17]);
    }
  }

  @Test
  void withoutTestDigitsATestIndexIs404() throws Exception {
    try (WebServer bare =
        new WebServer(new LiveModel(net), TestDigits.unavailable("none here"), null)
            .start("127.0.0.1", 0)) {
      HttpResponse<String> r =
          new ServerClient(bare)
              .post(
                  "/api/step",
                  "application/json",
                  "{\"test_index\": 0}".getBytes(StandardCharsets.UTF_8));
      assertError(r, 404, "no test digits here");
    }
  }

  @Test
  void theStepPageIsServed() throws Exception {
    HttpResponse<String> page = client.get("/step");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"panels\"");
    assertThat(client.get("/step.js").statusCode()).isEqualTo(200);
  }
}
