package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mnistnn.report.RunFolder;
import org.mnistnn.testing.TrainedRun;

/**
 * One epoch on the real MNIST through the command line reaches at least 93% and fills the folder.
 */
class TrainEndToEndTest {
  @Test
  void oneEpochReachesNinetyThreePercentAndWritesTheRunFolder() {
    TrainedRun.Result run = TrainedRun.get();
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.reportedAccuracy()).isGreaterThanOrEqualTo(0.93);
    for (String f :
        new String[] {
          RunFolder.MODEL,
          RunFolder.METRICS,
          RunFolder.LOSS_PLOT,
          RunFolder.SAMPLES,
          RunFolder.REPORT,
          RunFolder.WEIGHTS,
          RunFolder.CONFUSION
        }) {
      assertThat(run.file(f)).as(f).isNotEmptyFile();
    }
  }
}
