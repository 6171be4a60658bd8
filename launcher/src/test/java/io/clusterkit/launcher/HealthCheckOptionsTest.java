package io.clusterkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The -health options: defaults, and each bad value refused at once, naming the option. */
class HealthCheckOptionsTest {

  @Test
  void defaultsAreFiveSecondsTwoSecondsAndThreeFailures() {
    HealthCheckOptions options = new HealthCheckOptions("/healthz");
    assertThat(options.getPath()).isEqualTo("/healthz");
    assertThat(options.getInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.getTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.getFailures()).isEqualTo(3);
    assertThat(new LauncherOptions().getHealthCheck()).as("off by default").isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"healthz", "", "http://host/healthz"})
  void pathMustStartWithASlash(String path) {
    assertThatThrownBy(() -> new HealthCheckOptions(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("health must be a path starting with '/', was '" + path + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health z", "/health\r\nX: y", "/\t"})
  void pathMustHaveNoSpaceOrControlCharacter(String path) {
    assertThatThrownBy(() -> new HealthCheckOptions(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("health must be a path without spaces or control characters");
  }

  @Test
  void pathWithAQueryIsKept() {
    assertThat(new HealthCheckOptions("/status?deep=1").getPath()).isEqualTo("/status?deep=1");
  }

  @Test
  void intervalAndTimeoutMustBeAtLeastATenthOfASecond() {
    HealthCheckOptions options = new HealthCheckOptions("/");
    assertThatThrownBy(() -> options.setInterval(Duration.ofMillis(50)))
        .hasMessage("health-interval must be >= 0.1 seconds, was 0.05");
    assertThatThrownBy(() -> options.setTimeout(Duration.ZERO))
        .hasMessage("health-timeout must be >= 0.1 seconds, was 0.0");
    assertThat(options.setInterval(Duration.ofMillis(100)).setTimeout(Duration.ofMillis(100))
        .getTimeout()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void failuresMustBeAtLeastOne() {
    assertThatThrownBy(() -> new HealthCheckOptions("/").setFailures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("health-failures must be >= 1, was 0");
  }

  @Test
  void launcherOptionsKeepACopy() {
    HealthCheckOptions check = new HealthCheckOptions("/healthz").setFailures(2);
    LauncherOptions options = new LauncherOptions().setHealthCheck(check);
    check.setFailures(7);
    assertThat(options.getHealthCheck().getFailures()).isEqualTo(2);
    assertThat(new LauncherOptions(options).getHealthCheck().getPath()).isEqualTo("/healthz");
    assertThat(options.setHealthCheck(null).getHealthCheck()).isNull();
  }
}
