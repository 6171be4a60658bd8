package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;

/**
 * A snapshot of one slot, for {@code Cluster.workers()} and the status table.
 *
 * @param slot the slot, 0..workers-1
 * @param gen the generation of its current worker (1 for the first, +1 per replacement)
 * @param pid the current worker's process id, or -1 when unknown or no longer running
 * @param state the current worker's state, or FAILED when the slot is given up
 * @param restarts how many replacement workers the slot has spawned
 * @param stateSinceNanos when the slot entered that state, on the supervisor's monotonic clock
 * @param readySinceNanos when the current worker became READY, or -1 when it is not READY
 */
public record SlotView(int slot, int gen, long pid, WorkerState state, int restarts,
    long stateSinceNanos, long readySinceNanos) {

  /**
   * Says whether the current worker is serving.
   *
   * @return true when the state is READY
   */
  public boolean ready() {
    return state == WorkerState.READY;
  }
}
