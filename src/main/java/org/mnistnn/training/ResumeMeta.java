package org.mnistnn.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import org.mnistnn.util.UserException;

/**
 * What a model's {@code meta} says about the run that made it, as {@code --resume} needs it, each
 * value checked for its type and range: the file comes from outside, and a string, an object or
 * 2³¹−1 in these places must be a clear error, not a crash or an epoch counter that wraps around.
 *
 * @param iteration steps already taken (0 when absent)
 * @param epochsDone epochs already trained (0 when absent)
 * @param seed the run's seed, or null when absent
 */
public record ResumeMeta(long iteration, int epochsDone, Long seed) {
  /** More epochs than any run reaches (--epochs is at most 100,000 per run). */
  public static final int MAX_EPOCHS = 1_000_000;

  /** Steps: far more than {@link #MAX_EPOCHS} epochs of 60,000 single-image steps. */
  public static final long MAX_STEPS = 1L << 50;

  /** Reads and checks {@code meta}; {@code where} names the file in errors. */
  public static ResumeMeta of(JsonObject meta, String where) {
    long iteration = integer(meta, "iteration", 0, MAX_STEPS, where, 0);
    long epochs = integer(meta, "epochs_done", 0, MAX_EPOCHS, where, 0);
    Long seed =
        meta.has("seed") ? integer(meta, "seed", Long.MIN_VALUE, Long.MAX_VALUE, where, 0) : null;
    return new ResumeMeta(iteration, (int) epochs, seed);
  }

  /** The integer {@code meta[key]} in {@code [min, max]}, or {@code absent} when missing. */
  static long integer(JsonObject meta, String key, long min, long max, String where, long absent) {
    JsonElement e = meta.get(key);
    if (e == null || e.isJsonNull()) {
      return absent;
    }
    BigDecimal v = null;
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      try {
        v = new BigDecimal(e.getAsJsonPrimitive().getAsString());
      } catch (NumberFormatException bad) {
        v = null;
      }
    }
    if (v == null
        || v.stripTrailingZeros().scale() > 0
        || v.compareTo(BigDecimal.valueOf(min)) < 0
        || v.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new UserException(
          String.format(
              "%s: meta.%s must be a whole number from %d to %d, found %s; resume from a model"
                  + " saved by `./mnist-nn train`",
              where, key, min, max, abbreviate(e.toString())));
    }
    return v.longValueExact();
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
