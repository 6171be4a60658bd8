package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limits a launcher gives its workers: through the environment, and fitted to descriptors. */
class ConnectionLimitsTest {

  @Test
  void limitsTravelThroughTheEnvironmentAndDefaultWhenAbsent() {
    ConnectionLimits limits = new ConnectionLimits(Duration.ofSeconds(3), Duration.ZERO,
        Duration.ofMillis(1500), 42);
    Map<String, String> env = new HashMap<>();
    limits.writeTo(env);

    assertThat(ConnectionLimits.fromEnv(env)).isEqualTo(limits);
    assertThat(ConnectionLimits.fromEnv(Map.of())).isEqualTo(ConnectionLimits.DEFAULTS);
    assertThat(ConnectionLimits.NONE.timed()).isFalse();
    assertThat(limits.timed()).isTrue();
  }

  @ParameterizedTest(name = "max {0} with {1} descriptors, {2} open -> {3}")
  @CsvSource({
      "10000, 1024,    300, 404",
      "10000, 1048576, 300, 10000",
      "0,     1024,    0,   704",
      "500,   1024,    100, 500",
      "10000, 100,     50,  1",
  })
  void connectionLimitLeavesRoomForTheRestOfTheProcess(int max, long fds, long open,
      int expected) {
    ConnectionLimits limits = new ConnectionLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO,
        max);

    assertThat(limits.fittedTo(fds, open).maxConnections()).isEqualTo(expected);
  }

  @Test
  void negativeLimitsAreRefusedNamingThem() {
    assertThatThrownBy(() -> new ConnectionLimits(Duration.ofSeconds(-1), Duration.ZERO,
        Duration.ZERO, 0)).hasMessage("header-timeout must be >= 0, was -1000 ms");
    assertThatThrownBy(() -> new ConnectionLimits(Duration.ZERO, Duration.ZERO, Duration.ZERO,
        -1)).hasMessage("max-connections must be >= 0, was -1");
  }
}
