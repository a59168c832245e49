package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.model.Npy;
import org.mnistnn.training.Checkpoint;
import org.mnistnn.training.CheckpointWriter;
import org.mnistnn.training.MetricsLog;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;
import org.mnistnn.util.UserException;

/**
 * A checkpoint whose metadata was edited or damaged (a field with the wrong type, a negative or
 * huge position, a missing key) is either resumed from or refused with one {@link UserException}
 * line — when read, when restored, and when training continues from it.
 */
class CheckpointFuzzTest {
  static Path dir;
  static ModelFile.Saved valid;
  static final MnistDataset TRAIN = SyntheticMnist.dataset(40, 1);
  static final TrainConfig CONFIG = new TrainConfig(2, 8, 0.05f, 1e-4f, true, 4, 1, 3, 2);

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("cp-fuzz");
    Path f = dir.resolve("checkpoint.npz");
    Trainer t = new Trainer(CONFIG, TwoLayerNet.initialised(784, 4, 10, new Random(1)), 0);
    MetricsLog m = new MetricsLog(2);
    t.addListener(m);
    t.setCheckpointer(new CheckpointWriter(f, CONFIG, 0, m), 7);
    t.train(TRAIN, TRAIN, 0);
    valid = ModelFile.load(f);
  }

  @AfterContainer
  static void tearDown() throws IOException {
    Files.deleteIfExists(dir.resolve("checkpoint.npz"));
    Files.deleteIfExists(dir.resolve("edited.npz"));
    Files.delete(dir);
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of(
        "iteration",
        "epochs_done",
        "checkpoint.first_epoch",
        "checkpoint.epoch",
        "checkpoint.batch",
        "checkpoint.smoothed_loss",
        "checkpoint.test_accuracy",
        "checkpoint",
        "batch_size");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of(
        "-1",
        "0",
        "1",
        "4",
        "5",
        "99999999999",
        "1e300",
        "\"x\"",
        "null",
        "[]",
        "{}",
        "true",
        "2.5",
        "\"NaN\"");
  }

  @Property(tries = 150)
  void editedMetadataResumesOrIsRefused(
      @ForAll @From("keys") String key,
      @ForAll @From("values") String value,
      @ForAll boolean remove)
      throws IOException {
    JsonObject meta = valid.meta().deepCopy();
    JsonObject target = key.startsWith("checkpoint.") ? meta.getAsJsonObject("checkpoint") : meta;
    String name = key.startsWith("checkpoint.") ? key.substring(11) : key;
    if (remove) {
      target.remove(name);
    } else {
      JsonElement v = JsonParser.parseString(value);
      target.add(name, v);
    }
    Path f = dir.resolve("edited.npz");
    Map<String, byte[]> extras = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Npy.Array> e : valid.extras().entrySet()) {
      Npy.Array a = e.getValue();
      extras.put(
          e.getKey(),
          a.doubles() != null
              ? Npy.doubles(a.doubles(), a.shape())
              : Npy.floats(a.floats(), a.shape()));
    }
    ModelFile.saveEntries(f, valid.net(), meta, extras);
    try {
      ModelFile.Saved saved = ModelFile.load(f);
      if (!Checkpoint.isCheckpoint(saved)) {
        return; // a plain model now: resumed at epoch granularity, not this path
      }
      Checkpoint c = Checkpoint.of(saved, f.toString());
      Trainer t = new Trainer(CONFIG, saved.net(), c.step());
      MetricsLog m = new MetricsLog(2);
      t.addListener(m);
      c.restore(t, m, null, f.toString());
      t.train(TRAIN, TRAIN, c.firstEpoch());
      assertThat(t.step()).isGreaterThanOrEqualTo(c.step());
    } catch (UserException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }
}
