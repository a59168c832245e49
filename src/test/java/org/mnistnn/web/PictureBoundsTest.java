package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A small PNG that claims a huge canvas is refused from its header, before any pixel is decoded:
 * eight of them at once must not take the server's memory from tens of megabytes to a gigabyte.
 */
class PictureBoundsTest {
  static WebServer server;
  static ServerClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        new WebServer(new LiveModel(Fixtures.net(16, 1)), TestDigits.unavailable("none"), null)
            .start("127.0.0.1", 0);
    client = new ServerClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * A grey 8-bit PNG of {@code w × h} black pixels; with {@code damaged} its image data is not
   * deflate data at all, so only a reader that stops at the header can refuse it as too large.
   */
  static byte[] png(int w, int h, boolean damaged) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(ihdr);
    d.writeInt(w);
    d.writeInt(h);
    d.write(new byte[] {8, 0, 0, 0, 0});
    chunk(out, "IHDR", ihdr.toByteArray());
    chunk(
        out,
        "IDAT",
        damaged ? "not deflate data".getBytes(StandardCharsets.US_ASCII) : zeros(w, h));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The deflated rows: each a filter byte 0 and {@code w} zero bytes, so all of it zeros. */
  private static byte[] zeros(int w, int h) {
    Deflater z = new Deflater(9);
    byte[] block = new byte[1 << 20];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    for (long left = (long) h * (w + 1); left > 0; left -= block.length) {
      z.setInput(block, 0, (int) Math.min(left, block.length));
      while (!z.needsInput()) {
        out.write(buf, 0, z.deflate(buf));
      }
    }
    z.finish();
    while (!z.finished()) {
      out.write(buf, 0, z.deflate(buf));
    }
    z.end();
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  @ParameterizedTest
  @CsvSource({"16777216, 1", "1, 16777216", "4096, 4096", "2049, 2048"})
  void aHugeCanvasIsRefusedFromItsHeader(int w, int h) throws Exception {
    for (boolean damaged : new boolean[] {true, false}) {
      byte[] png = png(w, h, damaged);
      assertThat(png.length).isLessThan(WebServer.IMAGE_LIMIT);
      HttpResponse<String> r = client.post("/api/predict-image", "image/png", png);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
      JsonObject o = ServerClient.json(r);
      assertThat(o.get("error").getAsString())
          .contains(w + "×" + h + " pixels")
          .contains("limit is " + WebServer.IMAGE_MAX_PIXELS + " pixels");
    }
  }

  @ParameterizedTest
  @CsvSource({"2048, 2048", "1, 28"})
  void aCanvasWithinTheLimitIsDecoded(int w, int h) throws Exception {
    HttpResponse<String> r = client.post("/api/predict-image", "image/png", png(w, h, false));
    // all black: decoded, then refused for want of ink, not for its size
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(ServerClient.json(r).get("error").getAsString()).contains("no ink");
  }
}
