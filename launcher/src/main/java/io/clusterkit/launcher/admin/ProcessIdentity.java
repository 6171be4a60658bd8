package io.clusterkit.launcher.admin;

import java.time.Instant;

/**
 * A process told apart from a later one that reuses its pid: the pid and the time the process
 * started (from {@code /proc/PID/stat} through {@link ProcessHandle.Info#startInstant()}). What
 * a launcher writes beside its registry entry and in its socket directory, so that a starting
 * launcher sweeps only what launchers that are really gone left behind. A pid means something
 * only in its PID namespace: a launcher that is pid 1 of a container's namespace is not this
 * namespace's pid 1, so a process of another namespace is never judged from here.
 *
 * @param pid the process id, in the process's own PID namespace
 * @param startedMillis when it started, in epoch milliseconds; 0 when unknown
 * @param pidNamespace the process's PID namespace, as {@code /proc/self/ns/pid} names it (such
 *     as {@code pid:[4026531836]}); null when unknown
 */
public record ProcessIdentity(long pid, long startedMillis, String pidNamespace) {

  /** Start times of one process read twice agree to the clock tick; allow a second. */
  private static final long SAME_START_MILLIS = 1000;

  /** The PID namespace of this process, or null where the system does not say. */
  private static final String OWN_NAMESPACE = namespaceOf("self");

  /**
   * An identity in this process's PID namespace.
   *
   * @param pid the process id
   * @param startedMillis when it started, in epoch milliseconds; 0 when unknown
   */
  public ProcessIdentity(long pid, long startedMillis) {
    this(pid, startedMillis, OWN_NAMESPACE);
  }

  /** @return this process's identity, with its PID namespace */
  public static ProcessIdentity current() {
    return of(ProcessHandle.current());
  }

  /** @return this process's PID namespace, or null where the system does not say */
  public static String ownNamespace() {
    return OWN_NAMESPACE;
  }

  private static String namespaceOf(String process) {
    try {
      return java.nio.file.Files.readSymbolicLink(
          java.nio.file.Path.of("/proc", process, "ns", "pid")).toString();
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return null;
    }
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
   * known, started at the same time (else the pid was reused by another process). A process of
   * another PID namespace cannot be looked up from here and counts as running.
   *
   * @return true while it runs, or when it cannot be told from here
   */
  public boolean running() {
    if (pidNamespace != null && OWN_NAMESPACE != null && !pidNamespace.equals(OWN_NAMESPACE)) {
      return true;
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessIdentity::of)
        .map(now -> startedMillis == 0 || now.startedMillis == 0
            || Math.abs(now.startedMillis - startedMillis) < SAME_START_MILLIS)
        .orElse(false);
  }
}
