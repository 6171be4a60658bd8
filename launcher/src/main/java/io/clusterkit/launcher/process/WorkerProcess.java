package io.clusterkit.launcher.process;

import io.clusterkit.launcher.supervisor.ExitStatus;
import io.clusterkit.launcher.supervisor.Sig;
import io.vertx.core.Future;

/**
 * One running worker JVM, as the launcher sees it.
 */
public interface WorkerProcess {

  /** @return the worker's slot */
  int slot();

  /** @return the process generation within the slot */
  int gen();

  /** @return the operating-system process id */
  long pid();

  /** @return whether the process is still running */
  boolean isAlive();

  /**
   * Sends a signal.
   *
   * @param sig TERM (drain and exit) or KILL
   */
  void signal(Sig sig);

  /**
   * The end of the process, once its output has been read to the end too (so that its last
   * words are logged before its exit is handled).
   *
   * @return a future completed with the decoded exit status
   */
  Future<ExitStatus> onExit();

  /** @return the reason the worker gave when it failed to boot, or null */
  String bootFailure();
}
