package org.mnistnn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A pseudo-terminal of a chosen size for tests that must see what a user sees: a private tmux
 * server (its own socket, no configuration file) running a plain bash, driven with {@code
 * send-keys} and read with {@code capture-pane}. Skips the test, naming the package, when tmux is
 * not installed.
 */
public final class Tmux implements AutoCloseable {
  private final String socket;

  private Tmux(String socket) {
    this.socket = socket;
  }

  /** Starts a {@code columns × rows} terminal whose shell runs in {@code dir}. */
  public static Tmux start(int columns, int rows, Path dir)
      throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Browser.find(System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "tmux") != null,
        "terminal test needs tmux on the PATH; install it with `apt-get install -y tmux`");
    Tmux t = new Tmux("mnistnn-test-" + UUID.randomUUID());
    t.tmux(
        "new-session",
        "-d",
        "-x",
        Integer.toString(columns),
        "-y",
        Integer.toString(rows),
        "-c",
        dir.toString(),
        "env PS1='$ ' bash --norc --noprofile");
    return t;
  }

  /** Types {@code line} literally and presses Enter. */
  public void type(String line) throws IOException, InterruptedException {
    tmux("send-keys", "-l", line);
    tmux("send-keys", "Enter");
  }

  /** Presses keys named as tmux names them ({@code C-c}, {@code Enter}). */
  public void press(String key) throws IOException, InterruptedException {
    tmux("send-keys", key);
  }

  /** The visible screen, one string per row as drawn (a wrapped line takes several rows). */
  public List<String> rows() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p").lines().toList();
  }

  /** The screen and scroll-back with wrapped rows joined back into the lines that were written. */
  public String lines() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-J", "-S", "-");
  }

  /**
   * Waits until {@link #lines()} satisfies {@code condition} and returns it; fails with the screen
   * when {@code timeout} passes first.
   */
  public String waitFor(Predicate<String> condition, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String screen = lines();
      if (condition.test(screen)) {
        return screen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the terminal did not show what was expected in time:\n" + screen);
      }
      Thread.sleep(200);
    }
  }

  /** Ends this tmux server and everything running in it. */
  @Override
  public void close() throws IOException, InterruptedException {
    tmux("kill-server");
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** How long a step of a terminal test may take on a busy machine. */
  public static final Duration PATIENCE = Duration.ofSeconds(90);
}
