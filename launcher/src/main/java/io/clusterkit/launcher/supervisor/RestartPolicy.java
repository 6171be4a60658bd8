package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.RestartPolicyOptions;
import java.time.Duration;

/**
 * The crash-loop rules, apart from the state machine ({@link RestartPolicyOptions}): which exits
 * are early, which early exits still count, how long to wait before a replacement, and when a
 * slot is given up.
 */
final class RestartPolicy {

  private final long backoffMinNanos;
  private final long backoffMaxNanos;
  private final long minUptimeNanos;
  private final long windowNanos;
  private final int maxRestarts;
  private final long bootTimeoutNanos;

  RestartPolicy(RestartPolicyOptions options) {
    this.backoffMinNanos = options.getBackoffMin().toNanos();
    this.backoffMaxNanos = options.getBackoffMax().toNanos();
    this.minUptimeNanos = options.getMinUptime().toNanos();
    Duration window = options.getRestartWindow();
    this.windowNanos = window == null ? 0 : window.toNanos();
    this.maxRestarts = options.getMaxRestarts();
    this.bootTimeoutNanos = options.getBootTimeout().toNanos();
  }

  /**
   * An exit is early when the worker never became READY, or was READY for less than the
   * minimum uptime.
   */
  boolean isEarly(Worker worker, long nowNanos) {
    long readySince = worker.readySinceNanos();
    return readySince < 0 || nowNanos - readySince < minUptimeNanos;
  }

  /** @return the window early exits are counted in, 0 when every one in a row counts */
  long windowNanos() {
    return windowNanos;
  }

  /**
   * The delay before the replacement that follows the k-th early exit in a row:
   * min(backoffMax, backoffMin * 2^(k-1)); k = 0 (a late exit) waits backoffMin too.
   */
  long backoffNanos(int earlyExitsInARow) {
    long delay = backoffMinNanos;
    for (int i = 1; i < earlyExitsInARow && delay < backoffMaxNanos; i++) {
      delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
    }
    return Math.min(delay, backoffMaxNanos);
  }

  /**
   * Says whether a slot is given up: restarting it after this many counted early exits would be
   * more than max-restarts restarts.
   */
  boolean givesUp(int earlyExitsCounted) {
    return earlyExitsCounted > maxRestarts;
  }

  int maxRestarts() {
    return maxRestarts;
  }

  long bootTimeoutNanos() {
    return bootTimeoutNanos;
  }

  /** @return how the counted early exits are described: "in a row" or "within 10 s" */
  String counting() {
    return windowNanos == 0 ? "in a row" : "within " + Supervisor.format(windowNanos);
  }
}
