package org.mnistnn.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsLogTest {
  @Test
  void logsEveryKthStepAndAttachesAccuracyToTheSameRow() {
    MetricsLog log = new MetricsLog(10);
    for (long s = 1; s <= 25; s++) {
      log.stepped(s, 1, 1.0 / s);
    }
    log.evaluated(20, 1, 0.5); // lands on the logged row of step 20
    log.evaluated(25, 1, 0.75); // step 25 was not logged: gets its own row
    assertThat(log.rows()).extracting(MetricsLog.Row::iteration).containsExactly(10L, 20L, 25L);
    assertThat(log.rows().get(1).testAccuracy()).isEqualTo(0.5);
    assertThat(log.rows().get(2).smoothedLoss()).isEqualTo(1.0 / 25);
    assertThat(log.toCsv().lines())
        .containsExactly(
            "iteration,epoch,smoothed_loss,test_accuracy",
            "10,1,0.100000,",
            "20,1,0.050000,0.5000",
            "25,1,0.040000,0.7500");
  }
}
