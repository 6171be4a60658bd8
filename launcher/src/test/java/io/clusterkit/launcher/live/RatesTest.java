package io.clusterkit.launcher.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clusterkit.verticles.protocol.Heartbeat;
import org.junit.jupiter.api.Test;

class RatesTest {

  private static final long SECOND = 1_000_000_000L;

  private static Heartbeat metered(int gen, long responses, long errors, long cpuNanos,
      long[] latency) {
    return new Heartbeat(0, gen, 1, 1, 1, 0, 0, responses, cpuNanos, responses, errors, latency);
  }

  private static long[] upTo(int bucket, long count, long base) {
    long[] latency = new long[Heartbeat.latencyBoundsSeconds().length];
    for (int i = 0; i < latency.length; i++) {
      latency[i] = base + (i >= bucket ? count : 0);
    }
    return latency;
  }

  @Test
  void ratesAndQuantilesComeFromTheDeltasOfTwoBeats() {
    Heartbeat before = metered(1, 1_000, 10, 2 * SECOND, upTo(0, 0, 1_000));
    // 400 more responses in 2 s, all between 2.5 and 5 ms (bucket 5), 20 of them 5xx, 1 s CPU
    Heartbeat after = metered(1, 1_400, 30, 3 * SECOND, upTo(5, 400, 1_000));
    Rates rates = Rates.between(before, 10 * SECOND, after, 12 * SECOND);
    assertThat(rates.requestsPerSecond()).isCloseTo(200, within(1e-9));
    assertThat(rates.errorsPerSecond()).isCloseTo(10, within(1e-9));
    assertThat(rates.p50Millis()).isCloseTo(3.75, within(1e-9));
    assertThat(rates.p99Millis()).isCloseTo(4.975, within(1e-9));
    assertThat(rates.cpuPercent()).isCloseTo(50, within(1e-9));
  }

  @Test
  void withoutMetersTheRequestRateComesFromRequestsReceivedAndLatencyIsUnknown() {
    Heartbeat before = new Heartbeat(0, 1, 1, 1, 1, 0, 0, 100);
    Heartbeat after = new Heartbeat(0, 1, 1, 1, 1, 0, 0, 350);
    Rates rates = Rates.between(before, 0, after, SECOND);
    assertThat(rates.requestsPerSecond()).isCloseTo(250, within(1e-9));
    assertThat(rates.p99Millis()).isNaN();
    assertThat(rates.errorsPerSecond()).isNaN();
    assertThat(rates.cpuPercent()).isNaN();
  }

  @Test
  void aNewProcessInTheSlotOrAFirstBeatHasNoRatesYet() {
    Heartbeat old = metered(1, 5_000, 0, SECOND, upTo(0, 0, 5_000));
    Heartbeat fresh = metered(2, 10, 0, SECOND, upTo(0, 0, 10));
    assertThat(Rates.between(old, 0, fresh, SECOND)).isEqualTo(Rates.UNKNOWN);
    assertThat(Rates.between(null, 0, fresh, SECOND)).isEqualTo(Rates.UNKNOWN);
    assertThat(Rates.between(fresh, SECOND, fresh, SECOND)).isEqualTo(Rates.UNKNOWN);
  }

  @Test
  void anIdleSecondHasZeroRequestsAndNoLatency() {
    Heartbeat beat = metered(1, 50, 0, SECOND, upTo(0, 0, 50));
    Rates rates = Rates.between(beat, 0, beat, SECOND);
    assertThat(rates.requestsPerSecond()).isZero();
    assertThat(rates.p99Millis()).isNaN();
  }
}
