package org.mnistnn.web;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server-sent events (the {@code text/event-stream} format of the HTML standard) to a few browsers.
 * Publishing never blocks the publisher: each client has a bounded queue, and a client too slow to
 * keep up is dropped (its browser reconnects and gets the whole history again).
 */
public final class EventHub {
  /** Most clients at once; each holds one server thread while connected. */
  static final int MAX_CLIENTS = 4;

  private static final int QUEUE = 1024;
  private static final String CLOSE = "";
  private static final long PING_SECONDS = 15;

  private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();
  private final Supplier<JsonObject> history;
  private volatile boolean closed;

  /** {@code history} gives what a new client receives first, as a {@code history} event. */
  public EventHub(Supplier<JsonObject> history) {
    this.history = history;
  }

  /** Sends {@code data} as event {@code name} to every connected client. */
  public void publish(String name, JsonObject data) {
    String msg = format(name, data);
    for (BlockingQueue<String> q : clients) {
      if (!q.offer(msg)) {
        clients.remove(q);
        q.clear();
        q.offer(CLOSE);
      }
    }
  }

  static String format(String name, JsonObject data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  /** Ends every stream. */
  public void close() {
    closed = true;
    for (BlockingQueue<String> q : clients) {
      q.clear();
      q.offer(CLOSE);
    }
  }

  /**
   * Streams events to one client until it leaves or the hub closes. Runs on a server thread, which
   * it holds while the client is connected (at most {@link #MAX_CLIENTS} of them).
   *
   * @param idleMillis how long the connection may stay silent (longer than the pings)
   */
  void serve(Exchange ex, long idleMillis) throws BadRequest {
    if (clients.size() >= MAX_CLIENTS || closed) {
      throw new BadRequest(429, "too many live views open; close one and reload");
    }
    BlockingQueue<String> q = new ArrayBlockingQueue<>(QUEUE);
    clients.add(q);
    ex.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    ex.setHeader("Cache-Control", "no-store");
    IOException lost = null;
    try (OutputStream out = ex.stream(200, idleMillis)) {
      write(out, "retry: 2000\n" + format("history", history.get()));
      while (!closed) {
        String msg = q.poll(PING_SECONDS, TimeUnit.SECONDS);
        if (msg == CLOSE) {
          break;
        }
        // a comment line keeps proxies and the browser from timing the stream out
        write(out, msg == null ? ": ping\n\n" : msg);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      lost = e; // the browser went away: nothing to tell anyone
    } finally {
      clients.remove(q);
    }
    if (lost == null) {
      ex.finish();
    } else {
      ex.fail(lost);
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Clients connected now. */
  int clientCount() {
    return clients.size();
  }
}
