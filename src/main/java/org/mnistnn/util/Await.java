package org.mnistnn.util;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for a task on another thread: an interrupt does not cut the wait short, and is kept for
 * the caller (set again on its thread once the task is over).
 */
public final class Await {
  private Await() {}

  /** What the task gave, or what it threw. */
  private record Outcome<T>(T value, Throwable failure) {}

  private static <T> Outcome<T> outcome(Future<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return new Outcome<>(task.get(), null);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return new Outcome<>(null, e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for {@code task} to end; returns what it threw, or null. */
  public static Throwable failure(Future<?> task) {
    return outcome(task).failure();
  }

  /**
   * Waits for {@code task} to end and returns its value; what it threw is rethrown (an unchecked
   * exception or error as it is, anything else in an {@link IllegalStateException}).
   */
  public static <T> T result(Future<T> task) {
    Outcome<T> o = outcome(task);
    Throwable t = o.failure();
    if (t == null) {
      return o.value();
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
