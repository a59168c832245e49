package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.util.UserException;

/** Stopping at any step, saving a checkpoint and resuming from it gives the uninterrupted run. */
class CheckpointTest {
  static final MnistDataset TRAIN = SyntheticMnist.dataset(200, 1);
  static final MnistDataset TEST = SyntheticMnist.dataset(50, 2);

  @TempDir Path dir;

  /** 200 images at batch 16: 13 steps per epoch, the last one short (8 images). */
  static TrainConfig config() {
    return new TrainConfig(3, 16, 0.05f, 1e-4f, true, 12, 5, 7, 2);
  }

  /** The settings with momentum 0.9 or none, so that restoring optimiser state is exercised. */
  static TrainConfig config(boolean momentum) {
    return momentum
        ? config()
            .withOptions(
                new TrainOptions(
                    Init.NOTEBOOK,
                    0.9f,
                    false,
                    LrSchedule.Kind.CONSTANT,
                    0,
                    10,
                    0.1f,
                    0,
                    0,
                    org.mnistnn.augment.AugmentSpec.NONE))
        : config();
  }

  record Result(TwoLayerNet net, MetricsLog metrics, Trainer trainer) {}

  static Result uninterrupted(boolean momentum) {
    return uninterrupted(momentum, Engine.FAST);
  }

  static Result uninterrupted(boolean momentum, Engine engine) {
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer t = new Trainer(config(momentum), net, 0, engine);
    MetricsLog m = new MetricsLog(config().logEvery());
    t.addListener(m);
    t.train(TRAIN, TEST, 0);
    return new Result(net, m, t);
  }

  /** Stops after {@code stopAt} steps, writes the checkpoint, loads it and finishes the run. */
  Result interruptedAndResumed(long stopAt, boolean momentum) {
    return interruptedAndResumed(stopAt, momentum, Engine.FAST);
  }

  Result interruptedAndResumed(long stopAt, boolean momentum, Engine engine) {
    Path file = dir.resolve("checkpoint.npz");
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer first = new Trainer(config(momentum), net, 0, engine);
    MetricsLog m1 = new MetricsLog(config().logEvery());
    first.addListener(m1);
    first.stopAfter(stopAt);
    first.setCheckpointer(new CheckpointWriter(file, config(momentum), 0, m1), 0);
    first.train(TRAIN, TEST, 0);
    assertThat(first.step()).isEqualTo(stopAt);

    ModelFile.Saved saved = ModelFile.load(file);
    assertThat(Checkpoint.isCheckpoint(saved)).isTrue();
    Checkpoint c = Checkpoint.of(saved, file.toString());
    assertThat(c.step()).isEqualTo(stopAt);
    assertThat(c.differences(config(momentum))).isEmpty();
    Trainer second = new Trainer(config(momentum), saved.net(), c.step(), engine);
    MetricsLog m2 = new MetricsLog(config().logEvery());
    second.addListener(m2);
    c.restore(second, m2, null, file.toString());
    second.train(TRAIN, TEST, c.firstEpoch());
    return new Result(saved.net(), m2, second);
  }

  static void assertSameRun(Result a, Result b) {
    float[][] pa = a.net().parameters();
    float[][] pb = b.net().parameters();
    for (int i = 0; i < pa.length; i++) {
      assertThat(pb[i]).as(TwoLayerNet.PARAMETER_NAMES[i]).containsExactly(pa[i]);
    }
    assertThat(b.trainer().step()).isEqualTo(a.trainer().step());
    assertThat(b.trainer().smoothedLoss()).isEqualTo(a.trainer().smoothedLoss());
    assertThat(b.metrics().toCsv()).isEqualTo(a.metrics().toCsv());
  }

  @Test
  void resumingMidEpochGivesTheUninterruptedRun() {
    assertSameRun(uninterrupted(false), interruptedAndResumed(17, false));
  }

  @Test
  void resumingRestoresOptimiserState() {
    assertSameRun(uninterrupted(true), interruptedAndResumed(20, true));
  }

  @Test
  void theReferenceEngineResumesToItsUninterruptedRunToo() {
    assertSameRun(
        uninterrupted(false, Engine.REFERENCE), interruptedAndResumed(17, false, Engine.REFERENCE));
    assertSameRun(
        uninterrupted(true, Engine.REFERENCE), interruptedAndResumed(20, true, Engine.REFERENCE));
  }

  @Test
  void resumingAtAnEpochBoundaryAndAtEvaluationsGivesTheUninterruptedRun() {
    Result reference = uninterrupted(true);
    for (long stopAt : new long[] {1, 7, 13, 14, 26, 38}) {
      assertSameRun(reference, interruptedAndResumed(stopAt, true));
    }
  }

  @Test
  void aBrokenOptimiserStateIsRefused() throws Exception {
    interruptedAndResumed(5, true);
    Path file = dir.resolve("checkpoint.npz");
    ModelFile.Saved saved = ModelFile.load(file);
    Checkpoint c = Checkpoint.of(saved, file.toString());
    Trainer plain = new Trainer(config(), saved.net(), c.step());
    assertThatThrownBy(() -> c.restore(plain, new MetricsLog(2), null, "cp"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("optimiser");
  }

  @Test
  void checkpointsAreWrittenEveryNStepsAndAreNumpyReadable() throws Exception {
    Path file = dir.resolve("checkpoint.npz");
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer t = new Trainer(config(), net, 0);
    MetricsLog m = new MetricsLog(2);
    t.addListener(m);
    CheckpointWriter w = new CheckpointWriter(file, config(), 0, m);
    t.setCheckpointer(w, 10);
    t.train(TRAIN, TEST, 0);
    assertThat(w.savedStep()).isEqualTo(30);
    assertThat(Files.exists(file)).isTrue();
    Checkpoint c = Checkpoint.of(ModelFile.load(file), "cp");
    assertThat(c.epoch()).isEqualTo(2);
    assertThat(c.batch()).isEqualTo(30 - 26);
    // 15 logged steps (every 2nd) and 3 evaluations between them (steps 7, 13, 21)
    assertThat(c.metricRows()).hasSize(18 * MetricsLog.ROW_VALUES);
  }

  @Test
  void aCheckpointThatCannotBeWrittenStopsTheRunWithTheReason() throws Exception {
    Path notAFolder = dir.resolve("a-file");
    Files.writeString(notAFolder, "not a folder");
    Path file = notAFolder.resolve("checkpoint.npz");
    Trainer t = new Trainer(config(), TwoLayerNet.initialised(784, 12, 10, new Random(5)), 0);
    MetricsLog m = new MetricsLog(2);
    t.addListener(m);
    CheckpointWriter w = new CheckpointWriter(file, config(), 0, m);
    t.setCheckpointer(w, 10);
    // the write of step 10 fails on the writer's thread; the next save or the end reports it
    assertThatThrownBy(() -> t.train(TRAIN, TEST, 0))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot write the checkpoint");
    assertThat(t.step()).isBetween(10L, 20L);
    assertThat(w.savedStep()).isEqualTo(-1);
  }

  @Test
  void aCheckpointRecordsTheDataSetAsTheModelDoes() throws Exception {
    Path file = dir.resolve("checkpoint.npz");
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer t = new Trainer(config(), net, 0);
    MetricsLog m = new MetricsLog(2);
    t.addListener(m);
    CheckpointWriter w = new CheckpointWriter(file, config(), 0, m);
    w.setDataSet(DataSet.FASHION_MNIST);
    t.setCheckpointer(w, 10);
    t.train(TRAIN, TEST, 0);
    assertThat(DataSet.of(ModelFile.load(file).meta())).isEqualTo(DataSet.FASHION_MNIST);
  }

  @Test
  void settingsThatDifferAreNamed() throws Exception {
    interruptedAndResumed(3, false);
    Path file = dir.resolve("checkpoint.npz");
    Checkpoint c = Checkpoint.of(ModelFile.load(file), "cp");
    TrainConfig other = new TrainConfig(3, 16, 0.01f, 1e-4f, true, 12, 5, 7, 2);
    assertThat(c.differences(other)).containsExactly("lr 0.01 (was 0.05)");
  }

  /** Uninterrupted and interrupted runs with model selection on held-out images, patience 2. */
  record Selected(TwoLayerNet net, List<String> epochs, int bestEpoch) {}

  static Selected withValidation(Path file, long stopAt) {
    TrainConfig config = config().withEpochs(6);
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer first = new Trainer(config, net, 0);
    Trainer t = first;
    MetricsLog m = new MetricsLog(2);
    t.addListener(m);
    ValidationMonitor v = new ValidationMonitor(t, TEST, 2);
    t.addListener(v);
    CheckpointWriter w = new CheckpointWriter(file, config, 0, m);
    w.setValidation(v);
    t.setCheckpointer(w, 0);
    first.stopAfter(stopAt);
    t.train(TRAIN, TEST, 0);
    if (t.stopped()) {
      ModelFile.Saved saved = ModelFile.load(file);
      Checkpoint c = Checkpoint.of(saved, "cp");
      t = new Trainer(config, saved.net(), c.step());
      m = new MetricsLog(2);
      t.addListener(m);
      v = new ValidationMonitor(t, TEST, 2);
      t.addListener(v);
      c.restore(t, m, v, "cp");
      t.train(TRAIN, TEST, c.firstEpoch());
    }
    v.restoreBest(t.net());
    List<String> epochs =
        v.epochs().stream()
            .map(e -> e.epoch() + " " + e.validationAccuracy() + " " + e.testAccuracy())
            .toList();
    return new Selected(t.net(), epochs, v.bestEpoch());
  }

  @Test
  void resumingKeepsTheBestWeightsOfModelSelection() {
    Selected reference = withValidation(dir.resolve("ref.npz"), -1);
    assertThat(reference.epochs()).hasSize(6);
    // 13 steps per epoch: mid-epoch, at epoch ends, and after the very last step
    for (long stopAt : new long[] {26, 45, 65, 78}) {
      Selected resumed = withValidation(dir.resolve("cp" + stopAt + ".npz"), stopAt);
      assertThat(resumed.epochs()).isEqualTo(reference.epochs());
      assertThat(resumed.bestEpoch()).isEqualTo(reference.bestEpoch());
      for (int i = 0; i < 4; i++) {
        assertThat(resumed.net().parameters()[i]).containsExactly(reference.net().parameters()[i]);
      }
    }
  }
}
