package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;

class TrainingFeedTest {
  private static TrainConfig config(int epochs, int evalEvery) {
    return new TrainConfig(epochs, 10, 0.02f, 1e-4f, true, 16, 5, evalEvery, 1);
  }

  private static long checksum(TwoLayerNet net) {
    CRC32 crc = new CRC32();
    for (float[] p : net.parameters()) {
      for (float v : p) {
        int b = Float.floatToRawIntBits(v);
        crc.update(new byte[] {(byte) b, (byte) (b >> 8), (byte) (b >> 16), (byte) (b >> 24)});
      }
    }
    return crc.getValue();
  }

  @Test
  void publishedWeightsNeverChangeUnderTheReader() throws Exception {
    TwoLayerNet net = Fixtures.net(16, 1);
    LiveModel live = new LiveModel(net.copy());
    TrainingFeed feed = new TrainingFeed(net, live, 10);
    Trainer trainer = new Trainer(config(40, 7), net, 0);
    trainer.addListener(feed);
    MnistDataset data = Fixtures.dataset(200, 2);
    MnistDataset test = Fixtures.dataset(20, 3);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread training =
        new Thread(
            () -> {
              try {
                trainer.train(data, test, 0);
              } catch (Throwable t) {
                failed.set(t);
              }
            });
    training.start();
    List<Long> steps = new ArrayList<>();
    int checks = 0;
    while (training.isAlive() || checks == 0) {
      LiveModel.Snapshot s = live.get();
      assertThat(s.net()).isNotSameAs(net);
      long before = checksum(s.net());
      Thread.sleep(1);
      // the snapshot is a private copy: training on never shows through it
      assertThat(checksum(s.net())).isEqualTo(before);
      steps.add(s.step());
      checks++;
    }
    training.join();
    assertThat(failed.get()).isNull();
    assertThat(steps).isSorted();
    assertThat(live.get().step()).isEqualTo(trainer.step());
    assertThat(new java.util.HashSet<>(steps)).hasSizeGreaterThan(1);
    // the last snapshot is the trained network
    assertThat(checksum(live.get().net())).isEqualTo(checksum(net));
    assertThat(live.get().training()).isFalse();
  }

  @Test
  void aBrowserReceivesHistoryThenLossAndAccuracyUntilTheEnd() throws Exception {
    TwoLayerNet net = Fixtures.net(16, 1);
    LiveModel live = new LiveModel(net.copy());
    TrainingFeed feed = new TrainingFeed(net, live, 10);
    Trainer trainer = new Trainer(config(2, 20), net, 0);
    trainer.addListener(feed);
    try (WebServer server =
        new WebServer(live, TestDigits.unavailable("none"), feed.hub()).start("127.0.0.1", 0)) {
      ServerClient client = new ServerClient(server);
      assertThat(ServerClient.json(client.get("/api/info")).get("training").getAsBoolean())
          .isTrue();
      HttpResponse<InputStream> r =
          client.http.send(
              HttpRequest.newBuilder(URI.create(client.base + "/api/events"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("text/event-stream; charset=utf-8");
      List<String> events = new ArrayList<>();
      List<JsonObject> data = new ArrayList<>();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String event = null;
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ")) {
            events.add(event);
            data.add(JsonParser.parseString(line.substring(6)).getAsJsonObject());
            if (event.equals("history")) {
              // connected: now train (200 images, batch 10: 20 steps per epoch)
              new Thread(() -> trainer.train(Fixtures.dataset(200, 2), Fixtures.dataset(20, 3), 0))
                  .start();
            }
            if (event.equals("finished")) {
              break;
            }
          }
        }
      }
      assertThat(events.get(0)).isEqualTo("history");
      assertThat(events).contains("started", "loss", "accuracy");
      assertThat(events.get(events.size() - 1)).isEqualTo("finished");
      // a loss every 10 steps, an evaluation every 20 steps and at each epoch's end
      assertThat(events.stream().filter("loss"::equals).count()).isEqualTo(4);
      assertThat(events.stream().filter("accuracy"::equals).count()).isEqualTo(2);
      JsonObject last = data.get(data.size() - 1);
      assertThat(last.get("step").getAsLong()).isEqualTo(40);
      assertThat(last.get("total_steps").getAsLong()).isEqualTo(40);
      // a browser that comes late gets the whole curve at once
      HttpResponse<InputStream> late =
          client.http.send(
              HttpRequest.newBuilder(URI.create(client.base + "/api/events")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(late.body(), StandardCharsets.UTF_8))) {
        String line;
        do {
          line = in.readLine();
        } while (!line.startsWith("data: "));
        JsonObject history = JsonParser.parseString(line.substring(6)).getAsJsonObject();
        assertThat(history.getAsJsonArray("loss")).hasSize(4);
        assertThat(history.getAsJsonArray("accuracy")).hasSize(2);
        assertThat(history.get("state").getAsString()).isEqualTo("finished");
      }
    }
  }
}
