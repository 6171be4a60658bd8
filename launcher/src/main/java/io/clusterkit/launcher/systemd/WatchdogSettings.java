package io.clusterkit.launcher.systemd;

import java.time.Duration;
import java.util.Map;

/**
 * systemd's watchdog for a service ({@code WatchdogSec=}): when {@code WATCHDOG_USEC} is set, the
 * service must send {@code WATCHDOG=1} more often than that, or be killed and restarted; when
 * {@code WATCHDOG_PID} is set too, the watchdog is for that process only. Pings every half of
 * the timeout, as {@code sd_watchdog_enabled(3)} advises.
 */
public final class WatchdogSettings {

  /** The watchdog timeout in microseconds. */
  public static final String USEC_ENV = "WATCHDOG_USEC";
  /** The process the watchdog is for. */
  public static final String PID_ENV = "WATCHDOG_PID";

  private WatchdogSettings() {
  }

  /**
   * How often this process must ping systemd's watchdog.
   *
   * @param env the process environment
   * @param pid this process's id
   * @return half the watchdog timeout, or null when there is no watchdog for this process
   * @throws IllegalArgumentException when {@code WATCHDOG_USEC} or {@code WATCHDOG_PID} is not a
   *     positive whole number
   */
  public static Duration pingInterval(Map<String, String> env, long pid) {
    String usec = env.get(USEC_ENV);
    if (usec == null || usec.isEmpty()) {
      return null;
    }
    String forPid = env.get(PID_ENV);
    if (forPid != null && !forPid.isEmpty() && positive(PID_ENV, forPid) != pid) {
      return null;
    }
    return Duration.ofNanos(positive(USEC_ENV, usec) * 1000 / 2);
  }

  private static long positive(String name, String value) {
    try {
      long number = Long.parseLong(value.trim());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive whole number, was '" + value
        + "'");
  }
}
