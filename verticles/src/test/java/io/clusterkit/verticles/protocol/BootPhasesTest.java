package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class BootPhasesTest {

  @Test
  void aSlotsBootSplitsAtItsMilestonesAndAddsUpToItsTotal() {
    BootPhases phases = BootPhases.of(1_000, -1, 1_300, 1_800, 3_600, -1, -1, 4_100);
    assertThat(phases).isEqualTo(new BootPhases(300, 500, 1_800, -1, 500, -1, -1, -1, 3_100));
    assertThat(phases.spare()).isFalse();
    assertThat(phases.jvmMs() + phases.vertxMs() + phases.joinMs() + phases.deployMs())
        .isEqualTo(phases.totalMs());
  }

  @Test
  void aSparesWaitIsReportedButLeftOutOfItsTotal() {
    // waits from 3.6 s to 60 s, then deploys in 40 ms
    BootPhases phases = BootPhases.of(1_000, -1, 1_300, 1_800, 3_600, 60_000, -1, 60_040);
    assertThat(phases.spare()).isTrue();
    assertThat(phases.waitMs()).isEqualTo(56_400);
    assertThat(phases.deployMs()).isEqualTo(40);
    assertThat(phases.totalMs()).isEqualTo(300 + 500 + 1_800 + 40);
  }

  @Test
  void withoutASpawnTimeTheJvmPhaseStartsAtTheJvmsOwnStart() {
    assertThat(BootPhases.of(-1, 1_100, 1_300, 1_800, 3_600, -1, -1, 4_100).jvmMs())
        .isEqualTo(200);
  }

  @Test
  void clocksThatDisagreeGiveNoNegativePhase() {
    BootPhases phases = BootPhases.of(1_400, -1, 1_300, 1_200, 1_100, -1, -1, 1_000);
    assertThat(new long[] {phases.jvmMs(), phases.vertxMs(), phases.joinMs(),
        phases.deployMs(), phases.totalMs()}).containsOnly(0L);
  }

  @Test
  void theHealthCheckAddsToTheTotalOnce() {
    BootPhases phases = new BootPhases(300, 500, 1_800, -1, 500, -1, -1, -1, 3_100);
    assertThat(phases.withHealth(200).healthMs()).isEqualTo(200);
    assertThat(phases.withHealth(200).totalMs()).isEqualTo(3_300);
    assertThat(phases.withHealth(200).withHealth(50).totalMs()).isEqualTo(3_150);
  }

  @Test
  void theReportsTripAddsToTheTotalOnceBesideTheHealthCheck() {
    BootPhases phases = new BootPhases(300, 500, 1_800, -1, 500, -1, -1, -1, 3_100)
        .withReport(400).withHealth(100).withReport(300);
    assertThat(phases.reportMs()).isEqualTo(300);
    assertThat(phases.totalMs()).isEqualTo(3_500);
    assertThat(phases.toJson().getLong("reportMs")).isEqualTo(300);
    assertThat(phases.describe()).endsWith("deploy 500 + report 300 + health 100");
  }

  @Test
  void survivesItsJsonFormAndLeavesOutWhatWasNotMeasured() {
    BootPhases slot = new BootPhases(300, 500, 1_800, -1, 500, -1, -1, 120, 3_220);
    BootPhases spare = new BootPhases(300, 500, 1_800, 9_000, 40, 700, -1, -1, 2_640);
    assertThat(BootPhases.fromJson(slot.toJson())).isEqualTo(slot);
    assertThat(BootPhases.fromJson(spare.toJson())).isEqualTo(spare);
    assertThat(slot.toJson().fieldNames())
        .containsExactlyInAnyOrder("jvmMs", "vertxMs", "joinMs", "deployMs", "healthMs",
            "totalMs");
    assertThat(spare.toJson().getLong("spareWaitMs")).isEqualTo(9_000);
  }

  @Test
  void missingOrMalformedPhasesReadAsNone() {
    assertThat(BootPhases.fromJson(null)).isNull();
    assertThat(BootPhases.fromJson(new JsonObject().put("jvmMs", 1))).isNull();
    assertThat(BootPhases.fromJson(new JsonObject().put("jvmMs", "1").put("vertxMs", 1)
        .put("joinMs", 1).put("deployMs", 1).put("totalMs", 4))).isNull();
  }

  @Test
  void describesItselfOnOneLine() {
    assertThat(new BootPhases(310, 520, 1_800, -1, 490, -1, -1, -1, 3_120).describe())
        .isEqualTo("3120 ms = jvm 310 + vertx 520 + join 1800 + deploy 490");
    assertThat(new BootPhases(310, 520, 1_800, 9_000, 40, 700, -1, 25, 2_695).describe())
        .isEqualTo("2695 ms = jvm 310 + vertx 520 + join 1800 + deploy 40 (archive 700)"
            + " + health 25, deployed after 9000 ms as a spare");
  }
}
