package io.clusterkit.launcher.health;

import java.util.Objects;

/**
 * The health checks of one READY worker, counted: consecutive failures, reset by a pass, and the
 * moment they call for the worker's replacement (once). Pure: no IO, no clock.
 */
final class ProbeTally {

  private final String check;
  private final int limit;
  private int failures;
  private String lastFailure;
  private boolean replaced;

  /**
   * Creates a tally with no check yet.
   *
   * @param check what is checked, for the reason, e.g. {@code GET /healthz}
   * @param limit consecutive failures that get the worker replaced, at least 1
   */
  ProbeTally(String check, int limit) {
    this.check = Objects.requireNonNull(check, "check");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    this.limit = limit;
  }

  /**
   * Counts one check.
   *
   * @param outcome how it went
   * @return the reason to replace the worker the first time its consecutive failures reach the
   *     limit, such as {@code health check GET /healthz failed 3 times: 503}; null otherwise
   */
  String record(ProbeOutcome outcome) {
    if (outcome.passed()) {
      failures = 0;
      return null;
    }
    failures++;
    lastFailure = outcome.detail();
    if (replaced || failures < limit) {
      return null;
    }
    replaced = true;
    return "health check " + check + " failed " + (failures == 1 ? "once" : failures + " times")
        + ": " + lastFailure;
  }

  /** @return the failures in a row now, 0 after a pass */
  int failures() {
    return failures;
  }

  /** @return the limit of failures in a row */
  int limit() {
    return limit;
  }

  /** @return what the latest failed check said, or null when none failed yet */
  String lastFailure() {
    return lastFailure;
  }

  /** @return whether the worker's replacement was called for */
  boolean replaced() {
    return replaced;
  }
}
