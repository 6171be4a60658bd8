package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the variables the launcher writes for a worker. */
class WorkerEnvTest {

  @Test
  void spareWarmupIsOffWhenUnsetOrZero() {
    assertThat(WorkerEnv.spareWarmupMillis(Map.of())).isZero();
    assertThat(WorkerEnv.spareWarmupMillis(Map.of(WorkerEnv.SPARE_WARMUP, "0"))).isZero();
  }

  @Test
  void spareWarmupIsReadInMilliseconds() {
    assertThat(WorkerEnv.spareWarmupMillis(Map.of(WorkerEnv.SPARE_WARMUP, "5000")))
        .isEqualTo(5_000);
  }

  @Test
  void badSpareWarmupIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> WorkerEnv.spareWarmupMillis(Map.of(WorkerEnv.SPARE_WARMUP, "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CLUSTERKIT_SPARE_WARMUP must be a number of milliseconds >= 0, was '-1'");
    assertThatThrownBy(() -> WorkerEnv.spareWarmupMillis(Map.of(WorkerEnv.SPARE_WARMUP, "5s")))
        .hasMessageContaining("was '5s'");
  }
}
