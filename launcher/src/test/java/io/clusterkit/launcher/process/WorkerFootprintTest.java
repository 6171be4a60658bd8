package io.clusterkit.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which footprint flags a worker gets, and that the user's own choices stand alone. */
class WorkerFootprintTest {

  @Test
  void smallDefaultHeapGetsTheSerialCollector() {
    assertThat(WorkerFootprint.defaults(List.of(), "256m", false))
        .containsExactly("-XX:+UseSerialGC");
  }

  @Test
  void userHeapUpToTheLimitStillGetsIt() {
    assertThat(WorkerFootprint.defaults(List.of("-Xmx512m"), "256m", false))
        .containsExactly("-XX:+UseSerialGC");
  }

  @Test
  void largerHeapKeepsTheJvmsCollector() {
    assertThat(WorkerFootprint.defaults(List.of("-Xmx1g"), "256m", false)).isEmpty();
    assertThat(WorkerFootprint.defaults(List.of("-XX:MaxHeapSize=2g"), "256m", false)).isEmpty();
  }

  @Test
  void userCollectorChoiceStandsAlone() {
    assertThat(WorkerFootprint.defaults(List.of("-XX:+UseZGC"), "256m", false)).isEmpty();
    assertThat(WorkerFootprint.defaults(List.of("-XX:+UseG1GC"), "256m", false)).isEmpty();
    assertThat(WorkerFootprint.defaults(List.of("-XX:-UseSerialGC"), "256m", false)).isEmpty();
    assertThat(WorkerFootprint.defaults(List.of("-XX:+UseParallelGC", "-Xmx128m"), "256m", false))
        .isEmpty();
  }

  @Test
  void maxMemoryKeepsTheJvmsCollector() {
    assertThat(WorkerFootprint.defaults(List.of(), "256m", true)).isEmpty();
  }

  @Test
  void otherUserFlagsDoNotChangeIt() {
    assertThat(WorkerFootprint.defaults(List.of("-ea", "-Dfoo=bar", "-XX:+UseStringDeduplication"),
        "256m", false)).containsExactly("-XX:+UseSerialGC");
  }
}
