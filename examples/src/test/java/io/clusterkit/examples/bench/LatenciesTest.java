package io.clusterkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesFollowTheNearestRank() {
    Latencies latencies = new Latencies(100);
    for (int us = 100; us >= 1; us--) {
      latencies.record(us * 1_000L);
    }
    assertThat(latencies.percentilesMicros(50, 99, 99.9, 100)).containsExactly(50.0, 99.0, 100.0, 100.0);
  }

  @Test
  void recordsNoMoreThanItsCapacity() {
    Latencies latencies = new Latencies(2);
    latencies.record(1);
    latencies.record(2);
    latencies.record(3);
    assertThat(latencies.count()).isEqualTo(2);
  }

  @Test
  void emptyGivesNaN() {
    assertThat(new Latencies(1).percentilesMicros(50)[0]).isNaN();
  }

  @Test
  void refusesAZeroCapacity() {
    assertThatThrownBy(() -> new Latencies(0)).hasMessage("capacity must be >= 1, was 0");
  }
}
