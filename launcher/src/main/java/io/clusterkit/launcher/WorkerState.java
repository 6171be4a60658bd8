package io.clusterkit.launcher;

/**
 * The state of a worker, as {@code status}, {@link WorkerInfo#state()} and the launcher's log
 * show it. A worker process lives STARTING -> READY (serving) -> DRAINING -> EXITED, where
 * STARTING and READY may also end in EXITED directly (a crash, a failed boot, a kill). FAILED is
 * never a process's own state: it names a slot given up after too many early exits in a row.
 */
public enum WorkerState {

  /** Spawned (or being spawned); not serving yet. */
  STARTING,

  /** Serving: the router may send it new connections. */
  READY,

  /** Told to leave: answers what it already received, gets no new connections. */
  DRAINING,

  /** The process has ended. A worker never leaves this state. */
  EXITED,

  /** The slot is given up: its worker exited early too often in a row, none is started. */
  FAILED;

  /**
   * Says whether a worker in this state may move to another one.
   *
   * @param to the state to move to
   * @return true for STARTING->READY, STARTING->EXITED, READY->DRAINING, READY->EXITED and
   *     DRAINING->EXITED; false for everything else, including staying in the same state and
   *     any move from or to FAILED (a slot's state, not a process's)
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
    return this == STARTING || this == READY || this == DRAINING;
  }
}
