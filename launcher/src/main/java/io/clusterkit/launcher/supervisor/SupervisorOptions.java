package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.LauncherOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link Supervisor} runs its workers: how many, how fast it restarts them, when it gives
 * a slot up, and how long it waits for a boot or a drain. Setters validate at once. A cluster's
 * options come from {@link #from(LauncherOptions)}; the grace period's default is
 * {@link LauncherOptions#DEFAULT_GRACE}.
 */
public final class SupervisorOptions {

  /** One worker unless told otherwise. */
  public static final int DEFAULT_WORKERS = 1;
  /** The delay before the first replacement after an early exit. */
  public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(100);
  /** The longest delay before a replacement. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
  /** How long a worker must stay READY for its exit not to count as an early one. */
  public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(60);
  /** How many early exits in a row make a slot FAILED. */
  public static final int DEFAULT_MAX_EARLY_EXITS = 5;
  /** How long a worker may take to become READY before it is killed. */
  public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);

  private int workers = DEFAULT_WORKERS;
  private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
  private Duration backoffMax = DEFAULT_BACKOFF_MAX;
  private Duration stableAfter = DEFAULT_STABLE_AFTER;
  private int maxEarlyExits = DEFAULT_MAX_EARLY_EXITS;
  private Duration bootTimeout = DEFAULT_BOOT_TIMEOUT;
  private Duration grace = LauncherOptions.DEFAULT_GRACE;

  /** Creates options with the defaults. */
  public SupervisorOptions() {
  }

  /**
   * Derives the supervisor's options from what a cluster runs: its worker count and grace
   * period; the restart and boot timings keep their defaults.
   *
   * @param options the cluster's options
   * @return new options
   */
  public static SupervisorOptions from(LauncherOptions options) {
    return new SupervisorOptions().setWorkers(options.getWorkers()).setGrace(options.getGrace());
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public SupervisorOptions(SupervisorOptions other) {
    this.workers = other.workers;
    this.backoffInitial = other.backoffInitial;
    this.backoffMax = other.backoffMax;
    this.stableAfter = other.stableAfter;
    this.maxEarlyExits = other.maxEarlyExits;
    this.bootTimeout = other.bootTimeout;
    this.grace = other.grace;
  }

  /**
   * Gets the number of worker slots.
   *
   * @return the number of worker slots
   */
  public int getWorkers() {
    return workers;
  }

  /**
   * Sets the number of worker slots.
   *
   * @param workers at least 1
   * @return these options
   */
  public SupervisorOptions setWorkers(int workers) {
    this.workers = atLeastOne("workers", workers);
    return this;
  }

  /**
   * Gets the delay before the first replacement after an early exit.
   *
   * @return the delay before the first replacement after an early exit
   */
  public Duration getBackoffInitial() {
    return backoffInitial;
  }

  /**
   * Sets the delay before the first replacement; it doubles with each early exit in a row.
   *
   * @param backoffInitial more than zero
   * @return these options
   */
  public SupervisorOptions setBackoffInitial(Duration backoffInitial) {
    this.backoffInitial = positive("backoffInitial", backoffInitial);
    return this;
  }

  /**
   * Gets the longest delay before a replacement.
   *
   * @return the longest delay before a replacement
   */
  public Duration getBackoffMax() {
    return backoffMax;
  }

  /**
   * Sets the longest delay before a replacement (the doubling stops there).
   *
   * @param backoffMax more than zero
   * @return these options
   */
  public SupervisorOptions setBackoffMax(Duration backoffMax) {
    this.backoffMax = positive("backoffMax", backoffMax);
    return this;
  }

  /**
   * Gets how long a worker must stay READY for its exit not to count as early.
   *
   * @return how long a worker must stay READY for its exit not to count as early
   */
  public Duration getStableAfter() {
    return stableAfter;
  }

  /**
   * Sets how long a worker must stay READY for its exit not to count as early.
   *
   * @param stableAfter zero or more (zero: only an exit before READY is early)
   * @return these options
   */
  public SupervisorOptions setStableAfter(Duration stableAfter) {
    this.stableAfter = notNegative("stableAfter", stableAfter);
    return this;
  }

  /**
   * Gets how many early exits in a row make a slot FAILED.
   *
   * @return how many early exits in a row make a slot FAILED
   */
  public int getMaxEarlyExits() {
    return maxEarlyExits;
  }

  /**
   * Sets how many early exits in a row make a slot FAILED.
   *
   * @param maxEarlyExits at least 1
   * @return these options
   */
  public SupervisorOptions setMaxEarlyExits(int maxEarlyExits) {
    this.maxEarlyExits = atLeastOne("maxEarlyExits", maxEarlyExits);
    return this;
  }

  /**
   * Gets how long a worker may take to become READY.
   *
   * @return how long a worker may take to become READY
   */
  public Duration getBootTimeout() {
    return bootTimeout;
  }

  /**
   * Sets how long a worker may take to become READY before it is killed.
   *
   * @param bootTimeout more than zero
   * @return these options
   */
  public SupervisorOptions setBootTimeout(Duration bootTimeout) {
    this.bootTimeout = positive("bootTimeout", bootTimeout);
    return this;
  }

  /**
   * Gets how long workers may drain at stop.
   *
   * @return how long workers may drain at stop
   */
  public Duration getGrace() {
    return grace;
  }

  /**
   * Sets how long workers may drain at stop before they are killed.
   *
   * @param grace zero or more
   * @return these options
   */
  public SupervisorOptions setGrace(Duration grace) {
    this.grace = notNegative("grace", grace);
    return this;
  }

  private static int atLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
    return value;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return inNanos(name, value);
  }

  private static Duration notNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return inNanos(name, value);
  }

  private static Duration inNanos(String name, Duration value) {
    try {
      value.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " must fit in a long of nanoseconds, was " + value);
    }
    return value;
  }
}
