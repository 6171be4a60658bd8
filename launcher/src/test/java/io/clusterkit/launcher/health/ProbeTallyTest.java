package io.clusterkit.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Counting a worker's health checks: failures in a row, reset by a pass, replaced once. */
class ProbeTallyTest {

  private static final ProbeOutcome OK = ProbeOutcome.ofStatus(200);
  private static final ProbeOutcome UNAVAILABLE = ProbeOutcome.ofStatus(503);

  @Test
  void replacementIsCalledForAtTheLimitOfFailuresInARowWithTheLastFailure() {
    ProbeTally tally = new ProbeTally("GET /healthz", 3);
    assertThat(tally.record(UNAVAILABLE)).isNull();
    assertThat(tally.record(ProbeOutcome.timedOut(2000))).isNull();
    assertThat(tally.failures()).isEqualTo(2);
    assertThat(tally.record(UNAVAILABLE))
        .isEqualTo("health check GET /healthz failed 3 times: 503");
    assertThat(tally.replaced()).isTrue();
  }

  @Test
  void aPassResetsTheCount() {
    ProbeTally tally = new ProbeTally("GET /healthz", 2);
    for (int i = 0; i < 10; i++) {
      assertThat(tally.record(UNAVAILABLE)).as("failure %d, after a pass", i).isNull();
      assertThat(tally.record(OK)).isNull();
      assertThat(tally.failures()).isZero();
    }
    assertThat(tally.lastFailure()).isEqualTo("503");
    assertThat(tally.replaced()).isFalse();
  }

  @Test
  void replacementIsCalledForOnlyOnce() {
    ProbeTally tally = new ProbeTally("GET /healthz", 1);
    assertThat(tally.record(ProbeOutcome.ofFailure(new java.net.ConnectException("x"), 2000)))
        .isEqualTo("health check GET /healthz failed once: connection refused");
    assertThat(tally.record(UNAVAILABLE)).isNull();
    assertThat(tally.record(OK)).isNull();
    assertThat(tally.record(UNAVAILABLE)).isNull();
    assertThat(tally.failures()).isEqualTo(1);
  }

  @Test
  void limitBelowOneIsRefused() {
    assertThatThrownBy(() -> new ProbeTally("GET /", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 1, was 0");
  }
}
