package io.clusterkit.launcher;

import io.clusterkit.launcher.supervisor.ExitStatus;

/**
 * The end of one worker process, as {@link Cluster#onExit} reports it (Node's {@code 'exit'}
 * event): which worker, how it ended, and whether the launcher had asked it to stop.
 *
 * @param slot the worker's slot
 * @param gen the generation of the process within its slot
 * @param pid the process id, or -1 when the process could not be started at all
 * @param exitCode the exit value as Java reports it (128 + N for a process killed by signal N),
 *     or -1 when the process could not be started
 * @param signal the number of the signal that ended it (9 for KILL), or 0 when it exited by itself
 * @param planned true when the launcher had asked it to stop (a stop or a drain), false for a
 *     crash, a kill from outside, or a worker that never became READY in time
 * @param reason why the worker left service, as the launcher logged it when it did (such as
 *     {@code health check GET /healthz failed 3 times: 503}, {@code reload} or {@code heap after
 *     GC 130 MB over -max-memory 100 MB}); null when it ended without one
 */
public record WorkerExit(int slot, int gen, long pid, int exitCode, int signal, boolean planned,
    String reason) {

  /**
   * An exit with no recorded reason.
   *
   * @param slot the worker's slot
   * @param gen the generation
   * @param pid the process id, or -1
   * @param exitCode the exit value, or -1
   * @param signal the signal number, or 0
   * @param planned whether the launcher had asked it to stop
   */
  public WorkerExit(int slot, int gen, long pid, int exitCode, int signal, boolean planned) {
    this(slot, gen, pid, exitCode, signal, planned, null);
  }

  /** @return the signal's name without SIG, such as {@code "KILL"}, or null */
  public String signalName() {
    return signal == 0 ? null : ExitStatus.signalName(signal);
  }

  /**
   * Describes the exit for a log line.
   *
   * @return e.g. {@code "slot 1 gen 1 pid 4711 - signal 9 (KILL), unexpected"}
   */
  public String describe() {
    String how = exitCode < 0 ? "could not be started"
        : new ExitStatus(exitCode, signal).describe();
    return "slot " + slot + " gen " + gen + " pid " + pid + " - " + how
        + (planned ? ", planned" : ", unexpected");
  }
}
