package io.clusterkit.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * How the launcher restarts workers that exit on their own, and when it gives a slot up
 * ({@code -max-restarts}, {@code -restart-window}, {@code -restart-backoff}, {@code -min-uptime},
 * {@code -boot-timeout}). An exit is early when the worker never became READY, or was READY for
 * less than the minimum uptime. After an early exit the slot waits the backoff, doubling with
 * each early exit in a row from its minimum up to its maximum; after a stable run, the minimum.
 * When an early exit would make more than max-restarts restarts (within the restart window, if
 * one is set), the slot is FAILED: it is not restarted any more, and when every slot is FAILED,
 * or one is during the cluster's first boot, the launcher exits. A worker that is not READY
 * within the boot timeout is killed, which is an early exit. Setters validate at once and name
 * the argument.
 */
public final class RestartPolicyOptions {

  /** Restarts after early exits in a row before the slot is FAILED: the 5th early exit fails it. */
  public static final int DEFAULT_MAX_RESTARTS = 4;
  /** The delay before the first restart after an early exit. */
  public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(100);
  /** The longest delay before a restart. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
  /** How long a worker must stay READY for its exit not to count as an early one. */
  public static final Duration DEFAULT_MIN_UPTIME = Duration.ofSeconds(60);
  /** How long a worker may take to become READY before it is killed. */
  public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);

  private int maxRestarts = DEFAULT_MAX_RESTARTS;
  private Duration restartWindow;
  private Duration backoffMin = DEFAULT_BACKOFF_MIN;
  private Duration backoffMax = DEFAULT_BACKOFF_MAX;
  private Duration minUptime = DEFAULT_MIN_UPTIME;
  private Duration bootTimeout = DEFAULT_BOOT_TIMEOUT;

  /** Creates the default policy: today's crash-loop rules. */
  public RestartPolicyOptions() {
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public RestartPolicyOptions(RestartPolicyOptions other) {
    this.maxRestarts = other.maxRestarts;
    this.restartWindow = other.restartWindow;
    this.backoffMin = other.backoffMin;
    this.backoffMax = other.backoffMax;
    this.minUptime = other.minUptime;
    this.bootTimeout = other.bootTimeout;
  }

  /** @return how many restarts after early exits in a row a slot gets before it is FAILED */
  public int getMaxRestarts() {
    return maxRestarts;
  }

  /**
   * Sets how many restarts after early exits in a row a slot gets; the early exit after them
   * makes the slot FAILED.
   *
   * @param maxRestarts zero or more (zero: the first early exit fails the slot)
   * @return these options
   */
  public RestartPolicyOptions setMaxRestarts(int maxRestarts) {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("max-restarts must be >= 0, was " + maxRestarts);
    }
    this.maxRestarts = maxRestarts;
    return this;
  }

  /** @return the window early exits are counted in, or null when every one in a row counts */
  public Duration getRestartWindow() {
    return restartWindow;
  }

  /**
   * Counts only the early exits within this window toward max-restarts (older ones are
   * forgotten); null (the default) counts every early exit since the last stable run.
   *
   * @param restartWindow more than zero, or null
   * @return these options
   */
  public RestartPolicyOptions setRestartWindow(Duration restartWindow) {
    this.restartWindow = restartWindow == null ? null : positive("restart-window", restartWindow);
    return this;
  }

  /** @return the delay before the first restart after an early exit */
  public Duration getBackoffMin() {
    return backoffMin;
  }

  /** @return the longest delay before a restart */
  public Duration getBackoffMax() {
    return backoffMax;
  }

  /**
   * Sets the delay before a restart: min after the first early exit (and after a stable run),
   * doubling with each early exit in a row up to max.
   *
   * @param min more than zero
   * @param max at least min
   * @return these options
   */
  public RestartPolicyOptions setRestartBackoff(Duration min, Duration max) {
    positive("restart-backoff minimum", min);
    positive("restart-backoff maximum", max);
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("restart-backoff maximum must be >= its minimum "
          + millis(min) + ", was " + millis(max));
    }
    this.backoffMin = min;
    this.backoffMax = max;
    return this;
  }

  /** @return how long a worker must stay READY for its exit not to count as early */
  public Duration getMinUptime() {
    return minUptime;
  }

  /**
   * Sets how long a worker must stay READY for its exit not to count as early.
   *
   * @param minUptime zero or more (zero: only an exit before READY is early)
   * @return these options
   */
  public RestartPolicyOptions setMinUptime(Duration minUptime) {
    Objects.requireNonNull(minUptime, "min-uptime");
    if (minUptime.isNegative()) {
      throw new IllegalArgumentException("min-uptime must be >= 0, was " + millis(minUptime));
    }
    this.minUptime = fitsNanos("min-uptime", minUptime);
    return this;
  }

  /** @return how long a worker may take to become READY before it is killed */
  public Duration getBootTimeout() {
    return bootTimeout;
  }

  /**
   * Sets how long a worker may take to become READY before it is killed (an early exit).
   *
   * @param bootTimeout more than zero
   * @return these options
   */
  public RestartPolicyOptions setBootTimeout(Duration bootTimeout) {
    this.bootTimeout = positive("boot-timeout", bootTimeout);
    return this;
  }

  @Override
  public String toString() {
    return "max-restarts " + maxRestarts + (restartWindow == null ? ""
        : " within " + millis(restartWindow)) + ", backoff " + millis(backoffMin) + ".."
        + millis(backoffMax) + ", min-uptime " + millis(minUptime) + ", boot-timeout "
        + millis(bootTimeout);
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + millis(value));
    }
    return fitsNanos(name, value);
  }

  private static Duration fitsNanos(String name, Duration value) {
    try {
      value.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be shorter than 292 years, was " + value);
    }
    return value;
  }

  private static String millis(Duration value) {
    return value.toMillis() + " ms";
  }
}
