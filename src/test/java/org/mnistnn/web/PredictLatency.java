package org.mnistnn.web;

import java.awt.geom.Ellipse2D;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.mnistnn.image.MnistPreprocessor;
import org.mnistnn.image.Pictures;

/**
 * How long a prediction takes from the client's side on localhost: the full round trip of {@code
 * POST /api/predict} (JSON parse, forward pass, JSON answer) and of {@code POST /api/predict-image}
 * (PNG decode, preprocessing, forward pass, explained answer), as the page uses it after each
 * stroke. A measurement to run by hand, not a test:
 *
 * <pre>
 * mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.mnistnn.web.PredictLatency [requests=200]
 * </pre>
 *
 * The weights are random: a 784-100-10 forward pass costs the same whatever they are.
 */
public final class PredictLatency {
  private PredictLatency() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    byte[] png =
        Pictures.encode(Pictures.dark(340, 340, new Ellipse2D.Double(90, 60, 160, 220), 24), "png");
    float[] x =
        MnistPreprocessor.process(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)))
            .pixels();
    StringBuilder json = new StringBuilder("{\"pixels\":[");
    for (int i = 0; i < x.length; i++) {
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", x[i]));
    }
    byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    try (WebServer server =
        new WebServer(new LiveModel(Fixtures.net(100, 1)), TestDigits.unavailable("-"), null)
            .start("127.0.0.1", 0)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI base = URI.create(server.url());
      System.out.printf(
          Locale.ROOT, "%d requests each after 50 warm-up, HTTP/1.1 keep-alive, one client%n", n);
      report(
          "POST /api/predict",
          measure(http, base.resolve("api/predict"), "application/json", body, n));
      report(
          "POST /api/predict-image (340×340 PNG, " + png.length + " bytes)",
          measure(http, base.resolve("api/predict-image"), "image/png", png, n));
    }
  }

  private static double[] measure(HttpClient http, URI uri, String type, byte[] body, int n)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    double[] ms = new double[n];
    for (int i = -50; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      if (r.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
      }
      if (i >= 0) {
        ms[i] = (t1 - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void report(String what, double[] ms) {
    System.out.printf(
        Locale.ROOT,
        "%-52s median %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   max %6.2f ms%n",
        what,
        ms[ms.length / 2],
        ms[(int) (ms.length * 0.9)],
        ms[(int) (ms.length * 0.99)],
        ms[ms.length - 1]);
  }
}
