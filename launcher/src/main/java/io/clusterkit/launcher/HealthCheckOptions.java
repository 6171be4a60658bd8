package io.clusterkit.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * The launcher's HTTP health check of its workers ({@code -health PATH}): every interval it GETs
 * the path on each READY worker's own server (never through the public port), and a worker whose
 * check fails this many times in a row is replaced unroute-first, as one whose heartbeats stop.
 * A check passes on a 2xx or 3xx answer within the timeout. A starting worker is READY (routed
 * to) only once one check of it has passed. Setters validate at once and name the argument.
 */
public final class HealthCheckOptions {

  /** Between two checks of a READY worker. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  /** How long one check may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** Consecutive failed checks before a worker is replaced. */
  public static final int DEFAULT_FAILURES = 3;
  /** The shortest interval or timeout accepted. */
  public static final Duration MIN_DURATION = Duration.ofMillis(100);

  private String path;
  private Duration interval = DEFAULT_INTERVAL;
  private Duration timeout = DEFAULT_TIMEOUT;
  private int failures = DEFAULT_FAILURES;

  /**
   * Creates a check of path with the default interval, timeout and failure count.
   *
   * @param path the path to GET, starting with '/'
   */
  public HealthCheckOptions(String path) {
    setPath(path);
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public HealthCheckOptions(HealthCheckOptions other) {
    this.path = other.path;
    this.interval = other.interval;
    this.timeout = other.timeout;
    this.failures = other.failures;
  }

  /** @return the path the check GETs, with its query if any */
  public String getPath() {
    return path;
  }

  /**
   * Sets the path the check GETs on each worker.
   *
   * @param path starts with '/', no spaces or control characters; a query is allowed
   * @return these options
   */
  public HealthCheckOptions setPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("health must be a path starting with '/', was '"
          + path + "'");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("health must be a path without spaces or control "
            + "characters, was '" + path + "'");
      }
    }
    this.path = path;
    return this;
  }

  /** @return the time between two checks of a READY worker */
  public Duration getInterval() {
    return interval;
  }

  /**
   * Sets the time between two checks of a READY worker.
   *
   * @param interval at least 0.1 s
   * @return these options
   */
  public HealthCheckOptions setInterval(Duration interval) {
    this.interval = atLeastMin("health-interval", interval);
    return this;
  }

  /** @return how long one check may take before it counts as failed */
  public Duration getTimeout() {
    return timeout;
  }

  /**
   * Sets how long one check may take, connection included, before it counts as failed.
   *
   * @param timeout at least 0.1 s
   * @return these options
   */
  public HealthCheckOptions setTimeout(Duration timeout) {
    this.timeout = atLeastMin("health-timeout", timeout);
    return this;
  }

  /** @return how many failed checks in a row get a worker replaced */
  public int getFailures() {
    return failures;
  }

  /**
   * Sets how many failed checks in a row get a READY worker replaced.
   *
   * @param failures at least 1
   * @return these options
   */
  public HealthCheckOptions setFailures(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("health-failures must be >= 1, was " + failures);
    }
    this.failures = failures;
    return this;
  }

  private static Duration atLeastMin(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(MIN_DURATION) < 0) {
      throw new IllegalArgumentException(name + " must be >= 0.1 seconds, was "
          + value.toMillis() / 1000.0);
    }
    return value;
  }

  @Override
  public String toString() {
    return "GET " + path + " every " + interval.toMillis() + " ms, timeout " + timeout.toMillis()
        + " ms, replace after " + failures + (failures == 1 ? " failure" : " failures");
  }
}
