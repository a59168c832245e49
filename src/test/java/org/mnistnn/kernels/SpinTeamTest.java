package org.mnistnn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a lost chunk would make the caller wait forever: fail instead of hanging
class SpinTeamTest {
  @Test
  void everyRowRunsExactlyOnceWhateverTheShape() {
    assumeTrue(SpinTeam.available(), "needs two or more processors for the helper thread");
    for (int call = 0; call < 20_000; call++) {
      int rows = 1 + call % 37;
      int chunks = 1 + call % 6;
      AtomicIntegerArray runs = new AtomicIntegerArray(rows);
      SpinTeam.forRows(
          rows,
          chunks,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              runs.incrementAndGet(i);
            }
          });
      for (int i = 0; i < rows; i++) {
        assertEquals(1, runs.get(i), "row " + i + " of " + rows + " in " + chunks + " chunks");
      }
    }
  }

  @Test
  void resultsAreTheSameAsOnOneThread() {
    int rows = 16;
    int n = 100;
    float[] serial = new float[rows * n];
    float[] shared = new float[rows * n];
    Parallel.Rows fill =
        (from, to) -> {
          for (int i = from; i < to; i++) {
            for (int j = 0; j < n; j++) {
              shared[i * n + j] = (float) Math.sin(i * 31 + j);
            }
          }
        };
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        serial[i * n + j] = (float) Math.sin(i * 31 + j);
      }
    }
    SpinTeam.forRows(rows, 4, fill);
    assertArrayEquals(serial, shared);
  }

  @Test
  void aFailureInEitherThreadReachesTheCallerAndTheTeamStaysUsable() {
    assumeTrue(SpinTeam.available(), "needs two or more processors for the helper thread");
    for (int bad = 0; bad < 4; bad++) {
      int badRow = bad * 4;
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  SpinTeam.forRows(
                      16,
                      4,
                      (from, to) -> {
                        if (from <= badRow && badRow < to) {
                          throw new IllegalStateException("row " + badRow);
                        }
                      }));
      assertEquals("row " + badRow, e.getMessage());
    }
    AtomicIntegerArray runs = new AtomicIntegerArray(16);
    SpinTeam.forRows(16, 4, (from, to) -> runs.addAndGet(from, to - from));
    int total = 0;
    for (int i = 0; i < 16; i++) {
      total += runs.get(i);
    }
    assertEquals(16, total);
  }

  @Test
  void concurrentCallersEachGetAllTheirRows() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int call = 0; call < 2_000; call++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(24);
                    SpinTeam.forRows(
                        24,
                        4,
                        (from, to) -> {
                          for (int i = from; i < to; i++) {
                            runs.incrementAndGet(i);
                          }
                        });
                    for (int i = 0; i < 24; i++) {
                      if (runs.get(i) != 1) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertEquals(true, r.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
