package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.protocol.BootPhases;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BootRecordsTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final BootRecords records = new BootRecords(now::get);
  private final BootPhases phases = new BootPhases(300, 500, 1_800, -1, 500, -1, -1, -1, 3_100);

  @Test
  void withoutAHealthCheckTheReportedBootIsTheWholeBoot() {
    records.reported(0, 1, 4711, phases, false);
    assertThat(records.json(0, 1)).isEqualTo(phases.toJson());
    assertThat(records.json(0, 2)).as("another generation's boot").isNull();
    assertThat(records.json(1, 1)).isNull();
  }

  @Test
  void aPassedHealthCheckEndsTheBootOnceAndAddsItsTime() {
    records.reported(0, 1, 4711, phases, true);
    assertThat(records.json(0, 1).containsKey("healthMs")).isFalse();
    now.addAndGet(250_000_000L);
    records.routable(0, 1);
    assertThat(records.json(0, 1).getLong("healthMs")).isEqualTo(250);
    assertThat(records.json(0, 1).getLong("totalMs")).isEqualTo(3_350);
    now.addAndGet(5_000_000_000L);
    records.routable(0, 1); // the check recovering later is not part of the boot
    assertThat(records.json(0, 1).getLong("healthMs")).isEqualTo(250);
  }

  @Test
  void aNewGenerationReplacesTheSlotsBootAndAReportWithoutPhasesKeepsNone() {
    records.reported(0, 1, 4711, phases, false);
    records.reported(0, 2, 4712, phases.withHealth(10), false);
    assertThat(records.json(0, 1)).isNull();
    assertThat(records.json(0, 2).getLong("healthMs")).isEqualTo(10);
    records.reported(1, 1, 4713, null, false);
    assertThat(records.json(1, 1)).isNull();
    records.routable(1, 1);
    assertThat(records.json(1, 1)).isNull();
  }
}
