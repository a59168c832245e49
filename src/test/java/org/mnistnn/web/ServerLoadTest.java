package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mnistnn.learn.TwoLayerNet;

/**
 * The server under load, on 127.0.0.1: 50 clients send predictions back to back for 30 s (system
 * property {@code mnistnn.load.seconds}) and every answer must be the one the network gives
 * locally, with no errors, and the heap after a GC must not grow (no leak per request). Prints
 * throughput and latency percentiles.
 */
class ServerLoadTest {
  static final int CLIENTS = 50;
  static final int INPUTS = 32;

  @Test
  void fiftyClientsGetCorrectAnswersWithoutErrorsInBoundedMemory() throws Exception {
    long seconds = Long.getLong("mnistnn.load.seconds", 30);
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(1));
    String[] bodies = new String[INPUTS];
    Prediction[] expected = new Prediction[INPUTS];
    Random rng = new Random(2);
    for (int i = 0; i < INPUTS; i++) {
      float[] x = new float[784];
      StringBuilder sb = new StringBuilder("{\"pixels\":[");
      for (int p = 0; p < x.length; p++) {
        x[p] = rng.nextInt(256) / 255f;
        sb.append(p == 0 ? "" : ",").append(x[p]);
      }
      bodies[i] = sb.append("]}").toString();
      expected[i] = Prediction.of(net, x);
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (WebServer server =
        new WebServer(new LiveModel(net), TestDigits.unavailable("load test"), null)
            .start("127.0.0.1", 0)) {
      URI uri = URI.create(server.url() + "api/predict");
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .executor(Executors.newFixedThreadPool(4))
              .build();
      // warm up, then measure the heap after a GC as the baseline
      runClients(client, uri, bodies, expected, 2, new ArrayList<>());
      long baseline = usedAfterGc(memory);
      AtomicLong peak = new AtomicLong();
      List<long[]> latencies = new ArrayList<>();
      long t0 = System.nanoTime();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.start();
      long[] counts = runClients(client, uri, bodies, expected, seconds, latencies);
      sampler.interrupt();
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long after = usedAfterGc(memory);

      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "load: %d clients, %.1f s, %d requests, %.0f req/s, latency p50 %.2f ms, p99 %.2f ms,"
              + " max %.2f ms; heap after GC %.1f MB -> %.1f MB, peak %.1f MB%n",
          CLIENTS,
          elapsed,
          all.length,
          all.length / elapsed,
          pct(all, 0.50),
          pct(all, 0.99),
          all[all.length - 1] / 1e6,
          baseline / 1e6,
          after / 1e6,
          peak.get() / 1e6);
      assertThat(counts[1]).as("requests that failed or got a wrong answer").isZero();
      assertThat(counts[0]).isEqualTo(all.length).isPositive();
      assertThat(after - baseline).as("heap growth after GC").isLessThan(32L << 20);
    }
  }

  static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
  }

  static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Runs the clients for {@code seconds}; returns {ok, failed} and adds latencies (ns). */
  static long[] runClients(
      HttpClient client,
      URI uri,
      String[] bodies,
      Prediction[] expected,
      long seconds,
      List<long[]> latencies)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<long[]>> results = new ArrayList<>();
    AtomicLong failed = new AtomicLong();
    for (int c = 0; c < CLIENTS; c++) {
      int client0 = c;
      results.add(
          pool.submit(
              () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                for (int k = client0; System.nanoTime() < deadline; k++) {
                  int i = k % bodies.length;
                  HttpRequest req =
                      HttpRequest.newBuilder(uri)
                          .timeout(Duration.ofSeconds(20))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(bodies[i]))
                          .build();
                  long s = System.nanoTime();
                  try {
                    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                    long d = System.nanoTime() - s;
                    if (r.statusCode() != 200 || !matches(r.body(), expected[i])) {
                      failed.incrementAndGet();
                      continue;
                    }
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = d;
                  } catch (java.io.IOException e) {
                    failed.incrementAndGet();
                  }
                }
                return Arrays.copyOf(lat, n);
              }));
    }
    long ok = 0;
    for (Future<long[]> f : results) {
      long[] l = f.get(seconds + 60, TimeUnit.SECONDS);
      latencies.add(l);
      ok += l.length;
    }
    pool.shutdown();
    return new long[] {ok, failed.get()};
  }

  /**
   * The answer must be exactly what the network gives locally, serialised the same way, with the
   * digits as class names.
   */
  static boolean matches(String body, Prediction p) {
    com.google.gson.JsonObject o = p.toJson();
    o.add("class_names", Json.strings(org.mnistnn.data.DataSet.DIGITS));
    return body.equals(o.toString());
  }
}
