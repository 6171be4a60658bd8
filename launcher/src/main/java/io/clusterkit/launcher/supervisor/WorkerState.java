package io.clusterkit.launcher.supervisor;

/**
 * The life of one worker process: STARTING -> READY (serving) -> DRAINING -> EXITED, where
 * STARTING and READY may also end in EXITED directly (a crash, a failed boot, a kill).
 */
public enum WorkerState {

  /** Spawned (or being spawned); not serving yet. */
  STARTING,

  /** Serving: the router may send it new connections. */
  READY,

  /** Told to leave: answers what it already received, gets no new connections. */
  DRAINING,

  /** The process has ended. A worker never leaves this state. */
  EXITED;

  /**
   * Says whether a worker in this state may move to another one.
   *
   * @param to the state to move to
   * @return true for STARTING->READY, STARTING->EXITED, READY->DRAINING, READY->EXITED and
   *     DRAINING->EXITED; false for everything else, including staying in the same state
   */
  public boolean canMoveTo(WorkerState to) {
    switch (this) {
      case STARTING:
        return to == READY || to == EXITED;
      case READY:
        return to == DRAINING || to == EXITED;
      case DRAINING:
        return to == EXITED;
      default:
        return false;
    }
  }

  /**
   * Says whether a worker in this state still has a process that may be running.
   *
   * @return true for STARTING, READY and DRAINING
   */
  public boolean live() {
    return this != EXITED;
  }
}
