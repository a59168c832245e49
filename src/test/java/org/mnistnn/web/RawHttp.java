package org.mnistnn.web;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One request written byte for byte on a socket to 127.0.0.1 (nothing a client library would
 * correct), and the first answer read back (within 5 s unless told otherwise).
 *
 * @param statusLine the answer's first line, like {@code HTTP/1.1 400 Bad Request}
 * @param head the whole header block, lower-cased
 * @param body what follows the header block
 */
record RawHttp(String statusLine, String head, String body) {
  static RawHttp send(int port, byte[] request) throws IOException {
    return send(port, request, Duration.ofSeconds(5));
  }

  static RawHttp send(int port, String request) throws IOException {
    return send(port, ascii(request));
  }

  static RawHttp send(int port, String request, Duration wait) throws IOException {
    return send(port, ascii(request), wait);
  }

  /** Sends {@code request}, then waits up to {@code wait} for the answer. */
  static RawHttp send(int port, byte[] request, Duration wait) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout((int) wait.toMillis());
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return parse(readAnswer(s.getInputStream()));
    }
  }

  /**
   * Sends {@code head}, then {@code body} one byte every {@code millis} ms until the server answers
   * (at most 10 s of dripping), and reads that answer.
   */
  static RawHttp drip(int port, String head, String body, long millis)
      throws IOException, InterruptedException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(ascii(head));
      InputStream in = s.getInputStream();
      long end = System.nanoTime() + 10_000_000_000L;
      for (int i = 0; i < body.length() && in.available() == 0 && System.nanoTime() < end; i++) {
        try {
          out.write(body.charAt(i));
          out.flush();
        } catch (IOException e) {
          break; // the server has answered and closed
        }
        Thread.sleep(millis);
      }
      return parse(readAnswer(in));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static RawHttp parse(String answer) throws IOException {
    int end = answer.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete answer: '" + answer + "'");
    }
    String head = answer.substring(0, end);
    return new RawHttp(
        head.split("\r\n", 2)[0], head.toLowerCase(Locale.ROOT), answer.substring(end + 4));
  }

  /** Reads until the server closes, or until its Content-Length is reached. */
  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int r; (r = in.read(buf)) > 0; ) {
        got.write(buf, 0, r);
        if (complete(got.toString(StandardCharsets.UTF_8))) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("no answer in time; got '" + got + "'", e);
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  private static boolean complete(String s) {
    int end = s.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = s.substring(0, end).toLowerCase(Locale.ROOT);
    for (String line : head.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        int n = Integer.parseInt(line.substring(15).trim());
        return s.getBytes(StandardCharsets.UTF_8).length >= end + 4 + n;
      }
    }
    return false;
  }

  int status() {
    return Integer.parseInt(statusLine.split(" ", 3)[1]);
  }

  /** The body as a JSON object (fails the test when it is not one). */
  JsonObject json() {
    return JsonParser.parseString(body).getAsJsonObject();
  }
}
