package org.mnistnn.util;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long command finish its current piece of work when the JVM is asked to stop (Ctrl-C,
 * SIGTERM). A shutdown hook runs {@code onSignal} (e.g. "stop after this step") and then holds the
 * JVM open until {@link #mainFinished()} says the command has written what it needs and printed its
 * last line, or until a time bound passes, whichever comes first.
 *
 * <p>The JVM still exits with 128 + the signal number once the hook returns (130 for Ctrl-C, 143
 * for SIGTERM), the shell convention for "stopped by a signal". A second Ctrl-C does not cut the
 * wait short; {@code kill -9} does.
 */
public final class GracefulShutdown implements AutoCloseable {
  private static final CountDownLatch MAIN_FINISHED = new CountDownLatch(1);
  private static volatile boolean exitingOnSignal;

  private final Thread hook;
  private volatile boolean signalled;

  private GracefulShutdown(Runnable onSignal, Duration bound) {
    this.hook =
        new Thread(
            () -> {
              exitingOnSignal = true;
              signalled = true;
              onSignal.run();
              try {
                MAIN_FINISHED.await(bound.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "mnist-nn-graceful-shutdown");
  }

  /** Registers the hook; {@link #close()} removes it again when the work is done. */
  public static GracefulShutdown install(Runnable onSignal, Duration bound) {
    GracefulShutdown g = new GracefulShutdown(onSignal, bound);
    Runtime.getRuntime().addShutdownHook(g.hook);
    return g;
  }

  /**
   * Called by {@code main} after the command returned and its output (including any error line) is
   * flushed, just before {@code System.exit}: releases a waiting hook.
   */
  public static void mainFinished() {
    MAIN_FINISHED.countDown();
  }

  /**
   * True once a signal started the JVM's shutdown while a hook was installed. The JVM then exits
   * with 128 + the signal number by itself; {@code main} must not call {@code System.exit} too, or
   * the two exit statuses race (130 from the command against 143 from the JVM after SIGTERM).
   */
  public static boolean exitingOnSignal() {
    return exitingOnSignal;
  }

  /** True once the JVM has been asked to stop. */
  public boolean signalled() {
    return signalled;
  }

  /** Removes the hook; during a shutdown that already started, the hook keeps waiting instead. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running and waits for mainFinished()
    }
  }
}
