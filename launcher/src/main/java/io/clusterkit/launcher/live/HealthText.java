package io.clusterkit.launcher.live;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.vertx.core.json.JsonObject;

/**
 * Words a worker's health for the live view: the HTTP health check's verdict where there is one
 * ({@code ok}, {@code failing 1/3}, {@code waiting}), else what its heartbeats say ({@code ok},
 * {@code late 3s}, {@code blocked 1200ms}); {@code -} for a slot with no running process.
 */
public final class HealthText {

  private HealthText() {
  }

  /**
   * Words one worker's health.
   *
   * @param info the slot
   * @param beats its heartbeats, or null when none came
   * @param check the health check's state of it, or null without {@code -health}
   * @param failureLimit the health check's failures before replacement
   * @param maxBlockedMillis {@code -max-blocked}, in milliseconds
   * @param nowNanos the monotonic time now
   * @return the text
   */
  public static String of(WorkerInfo info, LiveStats.Beats beats, JsonObject check,
      int failureLimit, long maxBlockedMillis, long nowNanos) {
    if (info.pid() < 0 || info.state() == WorkerState.EXITED || info.state() == WorkerState.FAILED) {
      return "-";
    }
    if (check != null) {
      if (check.getBoolean("waiting", false)) {
        return "waiting";
      }
      int failures = check.getInteger("failures", 0);
      if (failures > 0) {
        return "failing " + failures + "/" + failureLimit;
      }
    }
    if (beats == null) {
      return info.state() == WorkerState.STARTING ? "starting" : "no heartbeat";
    }
    long age = nowNanos - beats.latestNanos();
    if (age > LiveStats.LATE_NANOS) {
      return "late " + age / 1_000_000_000L + "s";
    }
    if (beats.latest().blockedMs() > maxBlockedMillis / 2) {
      return "blocked " + beats.latest().blockedMs() + "ms";
    }
    return "ok";
  }
}
