package io.clusterkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The restart policy's defaults (the launcher's rules before the flags), checks and copy. */
class RestartPolicyOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    RestartPolicyOptions policy = new RestartPolicyOptions();

    assertThat(policy.getMaxRestarts()).isEqualTo(4);
    assertThat(policy.getRestartWindow()).isNull();
    assertThat(policy.getBackoffMin()).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.getBackoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.getMinUptime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.getBootTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(new LauncherOptions().getRestartPolicy()).usingRecursiveComparison()
        .isEqualTo(policy);
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        invalid(p -> p.setMaxRestarts(-1), "max-restarts must be >= 0, was -1"),
        invalid(p -> p.setRestartWindow(Duration.ZERO), "restart-window must be > 0, was 0 ms"),
        invalid(p -> p.setRestartBackoff(Duration.ZERO, Duration.ofSeconds(1)),
            "restart-backoff minimum must be > 0, was 0 ms"),
        invalid(p -> p.setRestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)),
            "restart-backoff maximum must be >= its minimum 2000 ms, was 1000 ms"),
        invalid(p -> p.setMinUptime(Duration.ofSeconds(-1)),
            "min-uptime must be >= 0, was -1000 ms"),
        invalid(p -> p.setBootTimeout(Duration.ZERO), "boot-timeout must be > 0, was 0 ms"),
        invalid(p -> p.setBootTimeout(Duration.ofDays(365L * 300)),
            "boot-timeout must be shorter than 292 years, was PT2628000H"));
  }

  private static Arguments invalid(Consumer<RestartPolicyOptions> setter, String message) {
    return Arguments.of(setter, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidValues")
  void invalidValueIsRejectedNamingTheFlagAndValue(Consumer<RestartPolicyOptions> setter,
      String message) {
    RestartPolicyOptions policy = new RestartPolicyOptions();

    assertThatThrownBy(() -> setter.accept(policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThat(policy).usingRecursiveComparison().isEqualTo(new RestartPolicyOptions());
  }

  @Test
  void zeroRestartsZeroUptimeAndNoWindowAreAllowed() {
    RestartPolicyOptions policy = new RestartPolicyOptions().setMaxRestarts(0)
        .setMinUptime(Duration.ZERO).setRestartWindow(Duration.ofMinutes(5))
        .setRestartWindow(null);

    assertThat(policy.getMaxRestarts()).isZero();
    assertThat(policy.getMinUptime()).isZero();
    assertThat(policy.getRestartWindow()).isNull();
  }

  @Test
  void launcherOptionsKeepACopy() {
    RestartPolicyOptions policy = new RestartPolicyOptions().setMaxRestarts(7);
    LauncherOptions options = new LauncherOptions().setRestartPolicy(policy);
    policy.setMaxRestarts(1);
    options.getRestartPolicy().setMaxRestarts(2);

    assertThat(options.getRestartPolicy().getMaxRestarts()).isEqualTo(7);
    assertThat(new LauncherOptions(options).getRestartPolicy().getMaxRestarts()).isEqualTo(7);
  }

  @Test
  void maxRequestsAndJitterAreCheckedAndCopied() {
    LauncherOptions options = new LauncherOptions().setMaxRequests(1000)
        .setMaxRequestsJitter(50);

    assertThat(new LauncherOptions(options).getMaxRequests()).isEqualTo(1000);
    assertThat(new LauncherOptions(options).getMaxRequestsJitter()).isEqualTo(50);
    assertThatThrownBy(() -> options.setMaxRequests(-1))
        .hasMessage("max-requests must be >= 0, was -1");
    assertThatThrownBy(() -> options.setMaxRequestsJitter(-5))
        .hasMessage("max-requests-jitter must be >= 0, was -5");
  }
}
