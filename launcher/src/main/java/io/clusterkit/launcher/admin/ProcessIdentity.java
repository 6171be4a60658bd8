package io.clusterkit.launcher.admin;

import java.time.Instant;

/**
 * A process told apart from a later one that reuses its pid: the pid and the time the process
 * started (from {@code /proc/PID/stat} through {@link ProcessHandle.Info#startInstant()}). What
 * a launcher writes beside its registry entry and in its socket directory, so that a starting
 * launcher sweeps only what launchers that are really gone left behind.
 *
 * @param pid the process id
 * @param startedMillis when it started, in epoch milliseconds; 0 when unknown
 */
public record ProcessIdentity(long pid, long startedMillis) {

  /** Start times of one process read twice agree to the clock tick; allow a second. */
  private static final long SAME_START_MILLIS = 1000;

  /** @return this process's identity */
  public static ProcessIdentity current() {
    return of(ProcessHandle.current());
  }

  /**
   * Reads the identity of a process.
   *
   * @param process the process
   * @return its pid and start time (0 when the system does not say)
   */
  public static ProcessIdentity of(ProcessHandle process) {
    return new ProcessIdentity(process.pid(),
        process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
  }

  /**
   * Says whether this process still runs: its pid is alive and, when both start times are
   * known, started at the same time (else the pid was reused by another process).
   *
   * @return true while it runs
   */
  public boolean running() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessIdentity::of)
        .map(now -> startedMillis == 0 || now.startedMillis == 0
            || Math.abs(now.startedMillis - startedMillis) < SAME_START_MILLIS)
        .orElse(false);
  }
}
