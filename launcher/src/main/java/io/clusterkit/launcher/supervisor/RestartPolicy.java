package io.clusterkit.launcher.supervisor;

/**
 * The crash-loop rules, apart from the state machine: which exits are early, how long to wait
 * before a replacement, and when a slot is given up.
 */
final class RestartPolicy {

  private final long backoffInitialNanos;
  private final long backoffMaxNanos;
  private final long stableAfterNanos;
  private final int maxEarlyExits;

  RestartPolicy(SupervisorOptions options) {
    this.backoffInitialNanos = options.getBackoffInitial().toNanos();
    this.backoffMaxNanos = options.getBackoffMax().toNanos();
    this.stableAfterNanos = options.getStableAfter().toNanos();
    this.maxEarlyExits = options.getMaxEarlyExits();
  }

  /**
   * An exit is early when the worker never became READY, or was READY for less than
   * stableAfter.
   */
  boolean isEarly(Worker worker, long nowNanos) {
    long readySince = worker.readySinceNanos();
    return readySince < 0 || nowNanos - readySince < stableAfterNanos;
  }

  /**
   * The delay before the replacement that follows the k-th early exit in a row:
   * min(backoffMax, backoffInitial * 2^(k-1)); k = 0 (a late exit) waits backoffInitial too.
   */
  long backoffNanos(int earlyExitsInARow) {
    long delay = backoffInitialNanos;
    for (int i = 1; i < earlyExitsInARow && delay < backoffMaxNanos; i++) {
      delay = delay > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : delay * 2;
    }
    return Math.min(delay, backoffMaxNanos);
  }

  /** @return whether that many early exits in a row make the slot FAILED */
  boolean givesUp(int earlyExitsInARow) {
    return earlyExitsInARow >= maxEarlyExits;
  }

  int maxEarlyExits() {
    return maxEarlyExits;
  }
}
