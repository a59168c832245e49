package org.mnistnn.training;

import java.io.IOException;
import java.nio.file.Path;
import org.mnistnn.data.DataSet;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.UserException;

/** Writes {@link Checkpoint}s of one run to one file, remembering the step of the last one. */
public final class CheckpointWriter implements Checkpointer {
  private final Path file;
  private final TrainConfig config;
  private final int firstEpoch;
  private final MetricsLog metrics;
  private volatile long savedStep = -1;
  private ValidationMonitor validation;
  private DataSet data;

  /**
   * @param firstEpoch the epoch (0-based) the run started at, so a resumed run knows where it ends
   */
  public CheckpointWriter(Path file, TrainConfig config, int firstEpoch, MetricsLog metrics) {
    this.file = file;
    this.config = config;
    this.firstEpoch = firstEpoch;
    this.metrics = metrics;
  }

  @Override
  public void save(Trainer trainer) {
    try {
      Checkpoint.save(file, trainer, config, firstEpoch, metrics, validation, data);
    } catch (IOException e) {
      throw new UserException(
          file
              + ": cannot write the checkpoint ("
              + IoErrors.reason(e)
              + "); free some space or choose another --out",
          e);
    }
    savedStep = trainer.step();
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
