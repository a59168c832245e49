package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.data.SyntheticMnist;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;

/**
 * Evaluations aside (on a thread of their own while the training goes on) change when the listeners
 * and the checkpointer hear of things, never what they hear: the same events with the same values
 * in the same order, the weights of the evaluated step while they hear of it, and checkpoints of
 * the same steps holding the same state as with the evaluations on the training thread.
 */
class EvaluationAsideTest {
  static final MnistDataset TRAIN = SyntheticMnist.dataset(200, 1);
  static final MnistDataset TEST = SyntheticMnist.dataset(50, 2);

  // every evaluation aside waits this long first, so that the training certainly runs ahead of it
  static final long DELAY_MS = 40;
  private final ExecutorService slow = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    slow.shutdownNow();
  }

  /**
   * 13 steps an epoch; evaluations every 5 steps, logged rows every 2, checkpoints every 5 or 3.
   */
  static TrainConfig config() {
    return new TrainConfig(3, 16, 0.05f, 1e-4f, true, 12, 5, 5, 2);
  }

  /** Everything the listeners and the checkpointer heard, as text, in order. */
  static final class Heard implements TrainingListener, Checkpointer {
    final List<String> heard = new ArrayList<>();
    final TwoLayerNet net;
    Trainer trainer;

    Heard(TwoLayerNet net) {
      this.net = net;
    }

    @Override
    public void stepped(long step, int epoch, double smoothedLoss) {
      heard.add("stepped " + step + " " + epoch + " " + smoothedLoss);
    }

    @Override
    public void evaluated(long step, int epoch, double accuracy) {
      // the network a listener can read holds the evaluated step's weights
      // and so does the trainer, which answers for that step
      Trainer t = trainer;
      heard.add(
          "evaluated "
              + step
              + " "
              + epoch
              + " "
              + accuracy
              + " "
              + hash(net)
              + " trainer "
              + t.step()
              + " "
              + t.epoch()
              + " "
              + t.batch()
              + " "
              + t.smoothedLoss()
              + " "
              + hash(t.net()));
    }

    @Override
    public void epochEnded(int epoch, double seconds, double accuracy) {
      heard.add("epoch " + epoch + " " + accuracy);
    }

    @Override
    public void save(Trainer t) {
      StringBuilder s = new StringBuilder("checkpoint");
      s.append(' ').append(t.step()).append(' ').append(t.epoch()).append(' ').append(t.batch());
      s.append(' ').append(t.smoothedLoss()).append(' ').append(t.accuracy());
      s.append(' ').append(hash(t.net()));
      for (Map.Entry<String, float[]> e : t.optimizerState().entrySet()) {
        s.append(' ').append(e.getKey()).append('=').append(Arrays.hashCode(e.getValue()));
      }
      heard.add(s.toString());
    }
  }

  static int hash(TwoLayerNet net) {
    return Arrays.deepHashCode(net.parameters());
  }

  List<String> run(TrainConfig config, Engine engine, boolean aside, long checkpointEvery) {
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer t = new Trainer(config, net, 0, engine);
    Heard r = new Heard(net);
    r.trainer = t;
    t.addListener(r);
    MetricsLog m = new MetricsLog(config.logEvery());
    t.addListener(m);
    t.setCheckpointer(r, checkpointEvery);
    t.setEvaluateAside(aside);
    if (aside) {
      t.evaluateAsideOn(new Delayed(slow));
    }
    t.train(TRAIN, TEST, 0);
    if (aside) {
      // the training went on while the evaluations were aside, and the listeners heard of it late
      assertThat(t.reportedLate()).isPositive();
    }
    List<String> heard = new ArrayList<>(r.heard);
    heard.add("metrics " + m.toCsv());
    heard.add("weights " + hash(net));
    return heard;
  }

  @Test
  void theListenersAndCheckpointsHearWhatTheyHearWithoutIt() {
    for (Engine engine : Engine.values()) {
      for (long every : new long[] {5, 3, 0}) {
        List<String> here = run(config(), engine, false, every);
        List<String> aside = run(config(), engine, true, every);
        assertThat(aside).as(engine + ", checkpoints every " + every).isEqualTo(here);
        assertThat(here).anyMatch(s -> s.startsWith("evaluated 5 "));
        if (every == 5) {
          assertThat(here).anyMatch(s -> s.startsWith("checkpoint 5 "));
        }
      }
    }
  }

  @Test
  void withMomentumTheCheckpointsHoldTheVelocitiesOfTheirStep() {
    TrainConfig momentum = config().withOptions(CheckpointTest.config(true).options());
    List<String> here = run(momentum, Engine.FAST, false, 5);
    List<String> aside = run(momentum, Engine.FAST, true, 5);
    assertThat(aside).isEqualTo(here);
    assertThat(here).anyMatch(s -> s.startsWith("checkpoint 10 ") && s.contains("vW1="));
  }

  @Test
  void aStopWritesItsCheckpointOnceTheListenersHaveHeardOfEverythingBeforeIt() {
    // mid-epoch at an evaluation, just after one, at an epoch's end, and at an evaluation again
    for (long stopAt : new long[] {5, 6, 13, 15}) {
      List<String> lists = new ArrayList<>();
      for (boolean aside : new boolean[] {false, true}) {
        TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
        Trainer t = new Trainer(config(), net, 0);
        Heard r = new Heard(net);
        r.trainer = t;
        t.addListener(r);
        t.setCheckpointer(r, 0);
        t.setEvaluateAside(aside);
        t.evaluateAsideOn(new Delayed(slow));
        t.stopAfter(stopAt);
        t.train(TRAIN, TEST, 0);
        assertThat(t.step()).isEqualTo(stopAt);
        List<String> h = r.heard;
        assertThat(h.get(h.size() - 1)).as("stop at " + stopAt).startsWith("checkpoint " + stopAt);
        lists.add(String.join("\n", h));
      }
      assertThat(lists.get(1)).as("stop at " + stopAt).isEqualTo(lists.get(0));
    }
  }

  /** The state a written checkpoint holds, as text. */
  static String written(Path file) {
    ModelFile.Saved saved = ModelFile.load(file);
    Checkpoint c = Checkpoint.of(saved, file.toString());
    StringBuilder s = new StringBuilder();
    s.append(c.step()).append(' ').append(c.epoch()).append(' ').append(c.batch()).append(' ');
    s.append(c.smoothedLoss()).append(' ').append(c.accuracy()).append(' ');
    s.append(Arrays.toString(c.metricRows()));
    double[] epochs = c.epochRows();
    for (int i = 0; i < epochs.length; i += 3) {
      // each finished epoch and its accuracy (its seconds are the clock's)
      s.append(" epoch ").append(epochs[i]).append(' ').append(epochs[i + 2]);
    }
    s.append(' ').append(hash(saved.net()));
    for (Map.Entry<String, float[]> e : c.optimizerState().entrySet()) {
      s.append(' ').append(e.getKey()).append('=').append(Arrays.hashCode(e.getValue()));
    }
    return s.toString();
  }

  @TempDir Path dir;

  @Test
  void theWrittenCheckpointsHoldWhatTheyHeldWithoutIt() {
    TrainConfig momentum = config().withOptions(CheckpointTest.config(true).options());
    for (long stopAt : new long[] {6, 12, 20}) {
      List<String> files = new ArrayList<>();
      for (boolean aside : new boolean[] {false, true}) {
        Path file = dir.resolve("cp-" + stopAt + "-" + aside + ".npz");
        Trainer t = new Trainer(momentum, TwoLayerNet.initialised(784, 12, 10, new Random(5)), 0);
        MetricsLog m = new MetricsLog(momentum.logEvery());
        t.addListener(m);
        CheckpointWriter w = new CheckpointWriter(file, momentum, 0, m);
        t.setCheckpointer(w, 5);
        t.setEvaluateAside(aside);
        t.evaluateAsideOn(new Delayed(slow));
        t.stopAfter(stopAt);
        t.train(TRAIN, TEST, 0);
        // written by the time train returns
        assertThat(w.savedStep()).isEqualTo(stopAt);
        files.add(written(file));
      }
      assertThat(files.get(1)).as("stop at " + stopAt).isEqualTo(files.get(0));
    }
  }

  @Test
  void aListenerThatStopsTheTrainingStopsItAfterTheStepInProgress() {
    TwoLayerNet net = TwoLayerNet.initialised(784, 12, 10, new Random(5));
    Trainer t = new Trainer(config(), net, 0);
    Heard r = new Heard(net);
    r.trainer = t;
    t.addListener(r);
    t.addListener(
        new TrainingListener() {
          @Override
          public void stepped(long step, int epoch, double smoothedLoss) {
            if (step == 6) {
              t.requestStop();
            }
          }
        });
    t.setCheckpointer(r, 0);
    t.evaluateAsideOn(new Delayed(slow));
    t.train(TRAIN, TEST, 0);
    // step 6 is told once the evaluation of step 5 is done (after 40 ms): some steps later
    long last = t.step();
    assertThat(last).isBetween(6L, 12L);
    List<String> h = r.heard;
    assertThat(h.get(h.size() - 1)).startsWith("checkpoint " + last + " ");
    // every step taken was told, in order, and none after the last
    List<String> steps = h.stream().filter(x -> x.startsWith("stepped ")).toList();
    assertThat(steps).hasSize((int) last);
    for (int i = 0; i < steps.size(); i++) {
      assertThat(steps.get(i)).startsWith("stepped " + (i + 1) + " ");
    }
  }

  /**
   * {@code count} copies of the training set's first image, so that every batch is the same, all
   * labelled with the class {@code net} finds least likely: its loss is at least ln 10.
   */
  static MnistDataset sameImage(int count, TwoLayerNet net) {
    int d = TRAIN.pixels();
    float[] x = new float[d];
    for (int p = 0; p < d; p++) {
      x[p] = TRAIN.pixel(0, p) / 255f;
    }
    float[] probs = new float[10];
    org.mnistnn.engine.FastForward.of(net).probabilities(x, 1, probs, 0);
    int least = 0;
    for (int c = 1; c < 10; c++) {
      least = probs[c] < probs[least] ? c : least;
    }
    byte[] images = new byte[count * d];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < d; p++) {
        images[i * d + p] = (byte) TRAIN.pixel(0, p);
      }
      labels[i] = (byte) least;
    }
    return new MnistDataset(images, labels, count, TRAIN.rows(), TRAIN.cols());
  }

  @Test
  void aRunThatStopsLearningStillWritesTheCheckpointThatWaitedForItsEvaluation() {
    // at lr 1e-9 the loss on one image repeated does not fall: the stall check stops the run after
    // step 1,000, five steps after an evaluation and a checkpoint, which waits for that evaluation
    MnistDataset same = sameImage(208, TwoLayerNet.initialised(784, 12, 10, new Random(5)));
    TrainConfig stalled = new TrainConfig(80, 16, 1e-9f, 1e-4f, true, 12, 5, 995, 10);
    List<String> outcomes = new ArrayList<>();
    for (boolean aside : new boolean[] {false, true}) {
      Path file = dir.resolve("stalled-" + aside + ".npz");
      Trainer t = new Trainer(stalled, TwoLayerNet.initialised(784, 12, 10, new Random(5)), 0);
      MetricsLog m = new MetricsLog(10);
      t.addListener(m);
      CheckpointWriter w = new CheckpointWriter(file, stalled, 0, m);
      t.setCheckpointer(w, 995);
      t.setEvaluateAside(aside);
      t.evaluateAsideOn(new Delayed(slow));
      assertThatThrownBy(() -> t.train(same, TEST, 0))
          .isInstanceOf(Trainer.DivergedException.class)
          .hasMessageContaining("step 1000");
      assertThat(w.savedStep()).as("aside " + aside).isEqualTo(995);
      outcomes.add(written(file) + " " + m.toCsv());
    }
    assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
  }

  /** Runs each task on {@code inner} after {@link #DELAY_MS}. */
  static final class Delayed extends java.util.concurrent.AbstractExecutorService {
    final ExecutorService inner;

    Delayed(ExecutorService inner) {
      this.inner = inner;
    }

    @Override
    public void execute(Runnable task) {
      inner.execute(
          () -> {
            try {
              Thread.sleep(DELAY_MS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            task.run();
          });
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
      return true;
    }
  }
}
