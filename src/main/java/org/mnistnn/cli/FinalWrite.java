package org.mnistnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.mnistnn.model.ModelFile;
import org.mnistnn.report.RunFolder;
import org.mnistnn.report.RunOutputs;
import org.mnistnn.training.CheckpointWriter;
import org.mnistnn.util.FileWriteException;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.UserException;

/**
 * The run folder's files at the end of {@code train}, and what a failure then costs. The trained
 * weights are the valuable part: when {@code model.npz} cannot be written (a full disk, an
 * immutable file), they go to a file in the system's temporary folder instead, and the one error
 * line says where; when that fails too, it says what is lost and which checkpoint is kept.
 */
final class FinalWrite {
  private FinalWrite() {}

  /** {@link RunOutputs#writeAll}, with the failures described as above. */
  static void writeAll(RunFolder folder, RunOutputs.Run run, CheckpointWriter checkpoints)
      throws IOException {
    Path model = folder.file(RunFolder.MODEL);
    try {
      RunOutputs.writeAll(folder, run);
    } catch (FileWriteException e) {
      if (!e.file().toAbsolutePath().equals(model.toAbsolutePath())) {
        throw new UserException(
            e.getMessage() + "; " + model + " is saved, only the plots or the report are missing",
            e);
      }
      throw new UserException(
          model + ": cannot write the model (" + e.reason() + "); " + rescue(run, checkpoints), e);
    }
  }

  /** Saves the weights elsewhere and says where, or says what is lost and what is kept. */
  private static String rescue(RunOutputs.Run run, CheckpointWriter checkpoints) {
    Path fallback =
        Paths.get(System.getProperty("java.io.tmpdir"))
            .resolve(
                "mnist-nn-model-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-"
                    + ProcessHandle.current().pid()
                    + ".npz");
    try {
      ModelFile.save(fallback, run.net(), run.meta());
      return "the trained weights were saved to " + fallback + " instead; move it where it belongs";
    } catch (IOException e) {
      String kept =
          checkpoints.savedStep() < 0
              ? "no checkpoint was kept (--checkpoint-every 0 or none reached)"
              : "the last checkpoint (step "
                  + checkpoints.savedStep()
                  + ") is kept in "
                  + checkpoints.file()
                  + "; resume from it with --resume once there is room";
      return "the trained weights are lost (" + fallback + ": " + IoErrors.reason(e) + "); " + kept;
    }
  }
}
