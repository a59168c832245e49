package org.mnistnn.training;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.mnistnn.data.DataSet;
import org.mnistnn.engine.FastStep;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.model.Npy;
import org.mnistnn.util.UserException;

/**
 * {@code checkpoint.npz}: everything needed to continue a run exactly where it stopped, as a
 * superset of {@code model.npz} that {@code numpy.load} still opens.
 *
 * <pre>
 * W1, b1, W2, b2   the weights, float32, as in model.npz
 * meta             JSON: the settings, "iteration", "epochs_done", "dataset" (as in model.npz, see
 *                  DataSet) and "checkpoint": {first_epoch, epoch, batch, smoothed_loss,
 *                  test_accuracy, random}
 * opt_&lt;name&gt;       the optimiser's state (float32), e.g. momentum velocities
 * metrics          float64 (rows, 4): iteration, epoch, smoothed loss, test accuracy (NaN: not measured)
 * epochs           float64 (n, 3): epoch, seconds, test accuracy of each finished epoch
 * val_W1 … val_b2  with --validation: the best weights so far; "checkpoint" then also holds
 *                  "validation": {best_epoch, best_accuracy, stopped_early}
 * val_epochs       float64 (n, 4): epoch, validation accuracy, test accuracy, seconds
 * </pre>
 *
 * <p>No random-generator state is stored because none is carried from step to step: the order of
 * epoch e is drawn from a generator seeded by (seed, e) ({@link Trainer#shuffleOrder}), so the
 * position (epoch, batch) fixes every later batch. Resuming restores weights, optimiser state,
 * step, position, smoothed loss and metrics, and the run continues bit for bit as if it had never
 * stopped.
 *
 * @param settings the run's settings as {@link TrainConfig#toJson()} wrote them
 * @param firstEpoch the epoch (0-based) the interrupted run started at; it ends at firstEpoch +
 *     epochs
 * @param epoch the epoch in progress (0-based)
 * @param batch the next batch of that epoch
 * @param step steps taken so far
 */
public record Checkpoint(
    JsonObject settings,
    int firstEpoch,
    int epoch,
    int batch,
    long step,
    double smoothedLoss,
    double accuracy,
    Map<String, float[]> optimizerState,
    double[] metricRows,
    double[] epochRows,
    Map<String, Npy.Array> extras) {

  /** The file name inside the run folder. */
  public static final String FILE = "checkpoint.npz";

  static final String OPT_PREFIX = "opt_";
  private static final String KEY = "checkpoint";

  /** True when a loaded model file is a checkpoint (and not a finished model). */
  public static boolean isCheckpoint(ModelFile.Saved saved) {
    return saved.meta().has(KEY) && saved.meta().get(KEY).isJsonObject();
  }

  /**
   * Saves the trainer's state after its current step atomically: an existing checkpoint stays
   * intact until the new one is complete.
   *
   * @param data what the run trains on, recorded as model.npz records it; null when unknown
   */
  public static void save(
      Path file,
      Trainer t,
      TrainConfig config,
      int firstEpoch,
      MetricsLog metrics,
      ValidationMonitor validation,
      DataSet data)
      throws IOException {
    capture(t, config, firstEpoch, metrics, validation, data).writeTo(file);
  }

  /**
   * What {@link #save} writes, copied from the trainer and the listeners now, so that it can be
   * written later (on another thread) while the training goes on.
   */
  public static Captured capture(
      Trainer t,
      TrainConfig config,
      int firstEpoch,
      MetricsLog metrics,
      ValidationMonitor validation,
      DataSet data) {
    JsonObject meta = config.toJson();
    meta.addProperty("iteration", t.step());
    meta.addProperty("epochs_done", t.epoch());
    if (data != null) {
      meta.add("dataset", data.toJson());
    }
    JsonObject c = new JsonObject();
    c.addProperty("first_epoch", firstEpoch);
    c.addProperty("epoch", t.epoch());
    c.addProperty("batch", t.batch());
    putFinite(c, "smoothed_loss", t.smoothedLoss());
    putFinite(c, "test_accuracy", t.accuracy());
    c.addProperty(
        "random",
        "none carried: the order of epoch e is drawn from a generator seeded by (seed, e)");
    meta.add(KEY, c);
    Map<String, byte[]> extras = new LinkedHashMap<>();
    if (validation != null) {
      saveValidation(validation, c, extras);
    }
    for (Map.Entry<String, float[]> e : t.optimizerState().entrySet()) {
      extras.put(OPT_PREFIX + e.getKey(), Npy.floats(e.getValue(), e.getValue().length));
    }
    double[] rows = metrics.rowsAsArray();
    extras.put("metrics", Npy.doubles(rows, rows.length / MetricsLog.ROW_VALUES, 4));
    double[] epochs = metrics.epochsAsArray();
    extras.put("epochs", Npy.doubles(epochs, epochs.length / 3, 3));
    return new Captured(t.step(), t.net().copy(), meta, extras);
  }

  /** A checkpoint's contents after step {@code step}, copied, to be written. */
  public record Captured(long step, TwoLayerNet net, JsonObject meta, Map<String, byte[]> extras) {
    /** Writes them atomically: an existing checkpoint stays intact until this one is complete. */
    public void writeTo(Path file) throws IOException {
      ModelFile.saveEntries(file, net, meta, extras);
    }
  }

  /** Reads the checkpoint part of a loaded file; {@code where} names it in errors. */
  public static Checkpoint of(ModelFile.Saved saved, String where) {
    JsonObject meta = saved.meta();
    JsonObject c = meta.getAsJsonObject(KEY);
    try {
      int firstEpoch = c.get("first_epoch").getAsInt();
      int epoch = c.get("epoch").getAsInt();
      int batch = c.get("batch").getAsInt();
      long step = meta.get("iteration").getAsLong();
      if (firstEpoch < 0
          || epoch < firstEpoch
          || epoch > ResumeMeta.MAX_EPOCHS
          || batch < 0
          || step < 0
          || step > ResumeMeta.MAX_STEPS) {
        throw new UserException(where + ": the checkpoint's position is impossible (" + c + ")");
      }
      Map<String, float[]> opt = new LinkedHashMap<>();
      for (Map.Entry<String, Npy.Array> e : saved.extras().entrySet()) {
        if (e.getKey().startsWith(OPT_PREFIX) && e.getValue().floats() != null) {
          opt.put(e.getKey().substring(OPT_PREFIX.length()), e.getValue().floats());
        }
      }
      return new Checkpoint(
          meta,
          firstEpoch,
          epoch,
          batch,
          step,
          number(c, "smoothed_loss"),
          number(c, "test_accuracy"),
          opt,
          doubles(saved, "metrics", MetricsLog.ROW_VALUES, where),
          doubles(saved, "epochs", 3, where),
          saved.extras());
    } catch (NullPointerException | ClassCastException | IllegalStateException e) {
      throw new UserException(
          where + ": the checkpoint's metadata is incomplete or damaged; resume from model.npz");
    } catch (NumberFormatException | UnsupportedOperationException e) {
      throw new UserException(where + ": the checkpoint's metadata has a malformed number");
    }
  }

  /**
   * The settings of {@code config} that differ from the checkpoint's, as {@code "lr 0.1 (was
   * 0.02)"}; empty when the resumed run will be bit-identical to an uninterrupted one.
   */
  public List<String> differences(TrainConfig config) {
    List<String> diffs = new ArrayList<>();
    JsonObject now = config.toJson();
    for (String k : new TreeSet<>(now.keySet())) {
      JsonElement was = settings.get(k);
      if (was != null && !sameValue(was, now.get(k))) {
        diffs.add(k + " " + now.get(k) + " (was " + was + ")");
      }
    }
    return diffs;
  }

  /** Both sides come from {@link TrainConfig#toJson()}, so equal values print alike. */
  private static boolean sameValue(JsonElement a, JsonElement b) {
    return a.equals(b) || a.toString().equals(b.toString());
  }

  /**
   * Puts the saved state into a trainer (built on the checkpoint's weights) and its metrics log:
   * optimiser state, position, smoothed loss and the metrics so far.
   */
  public void restore(Trainer t, MetricsLog metrics, ValidationMonitor validation, String where) {
    Map<String, float[]> expected = t.stepper().state();
    // state private to one engine (FastStep.isEngineState) is used by that engine and ignored by
    // the other, which then continues from the saved weights alone
    java.util.Set<String> want = new java.util.TreeSet<>(expected.keySet());
    java.util.Set<String> have = new java.util.TreeSet<>(optimizerState.keySet());
    want.removeIf(FastStep::isEngineState);
    have.removeIf(FastStep::isEngineState);
    if (!want.equals(have)) {
      throw new UserException(
          where
              + ": the checkpoint holds optimiser state "
              + have
              + " but this run's optimiser keeps "
              + want
              + "; resume with the same optimiser settings");
    }
    for (Map.Entry<String, float[]> e : expected.entrySet()) {
      float[] saved = optimizerState.get(e.getKey());
      if (saved != null && e.getValue().length != saved.length) {
        throw new UserException(
            where + ": optimiser state '" + e.getKey() + "' has the wrong size for this network");
      }
    }
    t.stepper().restore(optimizerState);
    t.resumeAt(epoch, batch, smoothedLoss, accuracy);
    metrics.restore(metricRows, epochRows, smoothedLoss);
    JsonObject c = settings.getAsJsonObject(KEY);
    if (validation != null && c.has("validation")) {
      restoreValidation(validation, c.getAsJsonObject("validation"), t.net(), where);
    }
  }

  private static void saveValidation(
      ValidationMonitor v, JsonObject c, Map<String, byte[]> extras) {
    JsonObject o = new JsonObject();
    o.addProperty("best_epoch", v.bestEpoch());
    putFinite(o, "best_accuracy", v.bestAccuracy());
    o.addProperty("stopped_early", v.stoppedEarly());
    c.add("validation", o);
    TwoLayerNet best = v.best();
    if (best != null) {
      extras.put("val_W1", Npy.floats(best.W1, best.inputs, best.hidden));
      extras.put("val_b1", Npy.floats(best.b1, 1, best.hidden));
      extras.put("val_W2", Npy.floats(best.W2, best.hidden, best.classes));
      extras.put("val_b2", Npy.floats(best.b2, 1, best.classes));
    }
    List<ValidationMonitor.Epoch> epochs = v.epochs();
    double[] rows = new double[epochs.size() * 4];
    for (int i = 0; i < epochs.size(); i++) {
      ValidationMonitor.Epoch e = epochs.get(i);
      rows[i * 4] = e.epoch();
      rows[i * 4 + 1] = e.validationAccuracy();
      rows[i * 4 + 2] = e.testAccuracy();
      rows[i * 4 + 3] = e.seconds();
    }
    extras.put("val_epochs", Npy.doubles(rows, epochs.size(), 4));
  }

  private void restoreValidation(ValidationMonitor v, JsonObject o, TwoLayerNet net, String where) {
    TwoLayerNet best = null;
    if (extras.containsKey("val_W1")) {
      best = new TwoLayerNet(net.inputs, net.hidden, net.classes);
      String[] names = {"val_W1", "val_b1", "val_W2", "val_b2"};
      float[][] to = best.parameters();
      for (int k = 0; k < names.length; k++) {
        Npy.Array a = extras.get(names[k]);
        if (a == null || a.floats() == null || a.floats().length != to[k].length) {
          throw new UserException(where + ": '" + names[k] + "' is missing or has the wrong size");
        }
        System.arraycopy(a.floats(), 0, to[k], 0, to[k].length);
      }
    }
    double[] rows = doubles(extras, "val_epochs", 4, where);
    List<ValidationMonitor.Epoch> epochs = new ArrayList<>();
    for (int i = 0; i < rows.length; i += 4) {
      epochs.add(new ValidationMonitor.Epoch((int) rows[i], rows[i + 1], rows[i + 2], rows[i + 3]));
    }
    v.restore(
        epochs,
        best,
        o.get("best_epoch").getAsInt(),
        o.has("best_accuracy") ? o.get("best_accuracy").getAsDouble() : Double.NEGATIVE_INFINITY,
        o.get("stopped_early").getAsBoolean());
  }

  private static void putFinite(JsonObject o, String key, double v) {
    if (Double.isFinite(v)) {
      o.addProperty(key, v);
    }
  }

  private static double number(JsonObject o, String key) {
    return o.has(key) ? o.get(key).getAsDouble() : Double.NaN;
  }

  private static double[] doubles(ModelFile.Saved saved, String name, int width, String where) {
    return doubles(saved.extras(), name, width, where);
  }

  private static double[] doubles(
      Map<String, Npy.Array> extras, String name, int width, String where) {
    Npy.Array a = extras.get(name);
    if (a == null) {
      return new double[0];
    }
    if (a.doubles() == null || a.shape().length != 2 || a.shape()[1] != width) {
      throw new UserException(
          where + ": '" + name + "' must be float64 of shape (n, " + width + ")");
    }
    return a.doubles();
  }
}
