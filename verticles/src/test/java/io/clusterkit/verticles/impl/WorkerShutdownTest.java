package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerShutdownTest {

  @ParameterizedTest(name = "grace {0} ms drains up to {1} ms")
  @CsvSource({
      "30000, 29000", // the usual grace: a second is left for closing Vert.x
      "2000, 1000", //   where both rules meet
      "1500, 750", //    a short grace splits in half
      "500, 250",
      "0, 0"})
  void drainLeavesTimeToCloseBeforeTheLaunchersKill(long graceMillis, long budgetMillis) {
    assertThat(WorkerShutdown.drainBudget(graceMillis)).isEqualTo(budgetMillis);
  }
}
