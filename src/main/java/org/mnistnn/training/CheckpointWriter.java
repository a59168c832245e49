package org.mnistnn.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mnistnn.data.DataSet;
import org.mnistnn.util.Await;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.UserException;

/**
 * Writes {@link Checkpoint}s of one run to one file, remembering the step of the last one.
 *
 * <p>{@link #save} copies what the checkpoint holds on the training thread (the optimiser's state,
 * the best weights of model selection and the metrics are encoded there too), then writes the file
 * on a thread of its own: the weights' encoding, the zip and the write, which took the training
 * thread about 5 ms a checkpoint, as long as 20 steps at batch 16. One write at a time, in order: a
 * save waits for the write before it if that is still under way. A write that fails is reported by
 * {@link #rethrowFailure}, which the trainer calls after every step, by the next save, or by {@link
 * #flush}, which the trainer calls before it returns, so a run never ends with a checkpoint still
 * being written.
 */
public final class CheckpointWriter implements Checkpointer {
  private final Path file;
  private final TrainConfig config;
  private final int firstEpoch;
  private final MetricsLog metrics;
  private volatile long savedStep = -1;
  private ValidationMonitor validation;
  private DataSet data;
  // one thread, which ends when it has had nothing to write for a second
  private final ThreadPoolExecutor writer =
      new ThreadPoolExecutor(
          1,
          1,
          1,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "mnist-nn checkpoint");
            t.setDaemon(true);
            return t;
          });
  private Future<?> last;

  /**
   * @param firstEpoch the epoch (0-based) the run started at, so a resumed run knows where it ends
   */
  public CheckpointWriter(Path file, TrainConfig config, int firstEpoch, MetricsLog metrics) {
    this.file = file;
    this.config = config;
    this.firstEpoch = firstEpoch;
    this.metrics = metrics;
    writer.allowCoreThreadTimeOut(true);
  }

  @Override
  public void save(Trainer trainer) {
    Checkpoint.Captured c =
        Checkpoint.capture(trainer, config, firstEpoch, metrics, validation, data);
    // one write at a time: the one before is done long since at the usual thousand steps apart
    flush();
    last =
        writer.submit(
            () -> {
              try {
                c.writeTo(file);
              } catch (IOException e) {
                throw new UserException(
                    file
                        + ": cannot write the checkpoint ("
                        + IoErrors.reason(e)
                        + "); free some space or choose another --out",
                    e);
              }
              savedStep = c.step();
            });
  }

  @Override
  public void rethrowFailure() {
    Future<?> f = last;
    if (f != null && f.isDone()) {
      Await.result(f);
    }
  }

  /** Waits for the checkpoints being written; rethrows why one could not be. */
  @Override
  public void flush() {
    Future<?> f = last;
    if (f != null) {
      Await.result(f);
    }
  }

  /** Also saves the model selection's state (best weights so far) with each checkpoint. */
  public void setValidation(ValidationMonitor validation) {
    this.validation = validation;
  }

  /** Records the data set trained on in each checkpoint's meta, as model.npz records it. */
  public void setDataSet(DataSet data) {
    this.data = data;
  }

  /** The step of the last checkpoint written, or -1. */
  public long savedStep() {
    return savedStep;
  }

  public Path file() {
    return file;
  }
}
