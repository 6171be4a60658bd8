package io.clusterkit.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watchdog is pinged every half of WATCHDOG_USEC, and only by the process it is for. */
class WatchdogSettingsTest {

  @Test
  void pingsEveryHalfOfTheTimeout() {
    assertThat(WatchdogSettings.pingInterval(Map.of("WATCHDOG_USEC", "10000000"), 7))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void pingsWhenWatchdogPidIsThisProcess() {
    assertThat(WatchdogSettings.pingInterval(Map.of("WATCHDOG_USEC", "3000000",
        "WATCHDOG_PID", "7"), 7)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void noPingsForAnotherProcessOrWithoutTimeout() {
    assertThat(WatchdogSettings.pingInterval(Map.of("WATCHDOG_USEC", "3000000",
        "WATCHDOG_PID", "8"), 7)).isNull();
    assertThat(WatchdogSettings.pingInterval(Map.of(), 7)).isNull();
  }

  @Test
  void aTimeoutThatIsNoPositiveNumberIsRefused() {
    assertThatThrownBy(() -> WatchdogSettings.pingInterval(Map.of("WATCHDOG_USEC", "10s"), 7))
        .hasMessage("WATCHDOG_USEC must be a positive whole number, was '10s'");
    assertThatThrownBy(() -> WatchdogSettings.pingInterval(Map.of("WATCHDOG_USEC", "0"), 7))
        .hasMessage("WATCHDOG_USEC must be a positive whole number, was '0'");
  }
}
