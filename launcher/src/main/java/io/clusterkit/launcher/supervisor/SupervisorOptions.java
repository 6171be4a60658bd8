package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.RestartPolicyOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link Supervisor} runs its workers: how many, its restart policy (how fast it
 * restarts them, when it gives a slot up, how long a boot may take: {@link RestartPolicyOptions},
 * whose defaults are the supervisor's), and how long a drain may take. Setters validate at once.
 * A cluster's options come from {@link #from(LauncherOptions)}; the grace period's default is
 * {@link LauncherOptions#DEFAULT_GRACE}.
 */
public final class SupervisorOptions {

  /** One worker unless told otherwise. */
  public static final int DEFAULT_WORKERS = 1;

  private int workers = DEFAULT_WORKERS;
  private RestartPolicyOptions restartPolicy = new RestartPolicyOptions();
  private Duration grace = LauncherOptions.DEFAULT_GRACE;
  private int maxWorkers = Integer.MAX_VALUE;
  private int spares;
  private int reloadSurge = LauncherOptions.DEFAULT_RELOAD_SURGE;
  private Duration spareDelay = Duration.ZERO;

  /** Creates options with the defaults. */
  public SupervisorOptions() {
  }

  /**
   * Derives the supervisor's options from what a cluster runs: its worker count, restart policy
   * and grace period.
   *
   * @param options the cluster's options
   * @return new options
   */
  public static SupervisorOptions from(LauncherOptions options) {
    return new SupervisorOptions().setWorkers(options.getWorkers())
        .setRestartPolicy(options.getRestartPolicy()).setGrace(options.getGrace())
        .setSpares(options.getSpares()).setReloadSurge(options.getReloadSurge())
        .setSpareDelay(options.getSpareDelay());
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public SupervisorOptions(SupervisorOptions other) {
    this.workers = other.workers;
    this.restartPolicy = new RestartPolicyOptions(other.restartPolicy);
    this.grace = other.grace;
    this.maxWorkers = other.maxWorkers;
    this.spares = other.spares;
    this.reloadSurge = other.reloadSurge;
    this.spareDelay = other.spareDelay;
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
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    this.workers = workers;
    return this;
  }

  /**
   * Gets the restart policy: backoff, restart limit and its window, minimum uptime, boot timeout.
   *
   * @return a copy of the restart policy
   */
  public RestartPolicyOptions getRestartPolicy() {
    return new RestartPolicyOptions(restartPolicy);
  }

  /**
   * Sets the restart policy.
   *
   * @param restartPolicy not null (copied)
   * @return these options
   */
  public SupervisorOptions setRestartPolicy(RestartPolicyOptions restartPolicy) {
    this.restartPolicy = new RestartPolicyOptions(
        Objects.requireNonNull(restartPolicy, "restartPolicy"));
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
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0, was " + grace);
    }
    try {
      grace.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("grace must fit in a long of nanoseconds, was " + grace);
    }
    this.grace = grace;
    return this;
  }

  /**
   * Gets the most slots a scale may ask for.
   *
   * @return the ceiling on the worker count
   */
  public int getMaxWorkers() {
    return maxWorkers;
  }

  /**
   * Sets the most slots a scale may ask for (see
   * {@link io.clusterkit.launcher.process.WorkerCeiling}); a scale above it is refused.
   *
   * @param maxWorkers at least 1
   * @return these options
   */
  public SupervisorOptions setMaxWorkers(int maxWorkers) {
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("max-workers must be >= 1, was " + maxWorkers);
    }
    this.maxWorkers = maxWorkers;
    return this;
  }

  /**
   * Gets how many spare processes (booted, without a slot) the supervisor keeps.
   *
   * @return the spare count; 0 (the default here) for none
   */
  public int getSpares() {
    return spares;
  }

  /**
   * Sets how many spare processes the supervisor keeps once the first boot is done.
   *
   * @param spares 0 or more
   * @return these options
   */
  public SupervisorOptions setSpares(int spares) {
    if (spares < 0) {
      throw new IllegalArgumentException("spares must be >= 0, was " + spares);
    }
    this.spares = spares;
    return this;
  }

  /**
   * Gets how many spares of the new code a reload keeps booted ahead of its steps.
   *
   * @return the surge, at least 1
   */
  public int getReloadSurge() {
    return reloadSurge;
  }

  /**
   * Sets how many spares of the new code a reload keeps booted ahead of its steps (with spares
   * on; with {@link #getSpares()} 0 a reload boots each replacement itself).
   *
   * @param reloadSurge at least 1
   * @return these options
   */
  public SupervisorOptions setReloadSurge(int reloadSurge) {
    if (reloadSurge < 1) {
      throw new IllegalArgumentException("reload-surge must be >= 1, was " + reloadSurge);
    }
    this.reloadSurge = reloadSurge;
    return this;
  }

  /**
   * Gets how long every serving worker must have served before a spare boots in the background.
   *
   * @return the delay; zero (the default here) boots a spare as soon as the pool needs one
   */
  public Duration getSpareDelay() {
    return spareDelay;
  }

  /**
   * Sets how long every serving worker must have served (been READY) before a spare that refills
   * the pool starts to boot: a JVM booting beside a worker that has just taken its slot takes
   * the CPU that worker needs to compile its code. A slot that needs a process now, and the
   * spares a reload boots for its steps, never wait for it.
   *
   * @param spareDelay zero or more
   * @return these options
   */
  public SupervisorOptions setSpareDelay(Duration spareDelay) {
    Objects.requireNonNull(spareDelay, "spareDelay");
    if (spareDelay.isNegative()) {
      throw new IllegalArgumentException("spare-delay must be >= 0, was " + spareDelay);
    }
    try {
      spareDelay.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("spare-delay must fit in a long of nanoseconds, was "
          + spareDelay);
    }
    this.spareDelay = spareDelay;
    return this;
  }
}
