package io.clusterkit.launcher.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyQuantileTest {

  private static final double[] BOUNDS = {1, 2, 5, 10};

  @Test
  void interpolatesInsideTheBucketTheRankFallsIn() {
    long[] after = {0, 100, 100, 100};
    assertThat(LatencyQuantile.of(0.5, BOUNDS, null, after, 100)).isCloseTo(1.5, within(1e-9));
    assertThat(LatencyQuantile.of(0.99, BOUNDS, null, after, 100)).isCloseTo(1.99, within(1e-9));
  }

  @Test
  void usesOnlyTheIntervalsResponsesNotThoseBefore() {
    long[] before = {1_000, 1_000, 1_000, 1_000};
    long[] after = {1_000, 1_000, 1_100, 1_100};
    assertThat(LatencyQuantile.of(0.5, BOUNDS, before, after, 100))
        .as("the 100 new responses all took 2 to 5").isCloseTo(3.5, within(1e-9));
  }

  @Test
  void theFirstBucketStartsAtZeroAndARankPastTheLastBoundIsThatBound() {
    assertThat(LatencyQuantile.of(0.5, BOUNDS, null, new long[] {10, 10, 10, 10}, 10))
        .isCloseTo(0.5, within(1e-9));
    assertThat(LatencyQuantile.of(0.99, BOUNDS, null, new long[] {10, 10, 10, 10}, 20))
        .as("half the responses slower than 10").isEqualTo(10);
  }

  @Test
  void noResponseIsNaNAndBadArgumentsAreRefused() {
    assertThat(LatencyQuantile.of(0.5, BOUNDS, null, new long[4], 0)).isNaN();
    assertThatThrownBy(() -> LatencyQuantile.of(1.5, BOUNDS, null, new long[4], 1))
        .hasMessage("q must be in (0, 1], was 1.5");
    assertThatThrownBy(() -> LatencyQuantile.of(0.5, BOUNDS, null, new long[3], 1))
        .hasMessage("bucket counts do not match 4 bounds");
  }
}
