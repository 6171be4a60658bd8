package io.clusterkit.launcher.supervisor;

/**
 * A snapshot of one slot, for {@code Cluster.workers()} and the status table.
 *
 * @param slot the slot, 0..workers-1
 * @param gen the generation of its current worker (1 for the first, +1 per replacement)
 * @param pid the current worker's process id, or -1 when unknown or no longer running
 * @param state the current worker's {@link WorkerState} name, or {@code "FAILED"}
 * @param restarts how many replacement workers the slot has spawned
 * @param stateSinceNanos when the slot entered that state, on the supervisor's monotonic clock
 * @param readySinceNanos when the current worker became READY, or -1 when it is not READY
 */
public record SlotView(int slot, int gen, long pid, String state, int restarts,
    long stateSinceNanos, long readySinceNanos) {

  /** The {@link #state()} of a slot that is given up. */
  public static final String FAILED = "FAILED";

  /**
   * Says whether the current worker is serving.
   *
   * @return true when the state is READY
   */
  public boolean ready() {
    return WorkerState.READY.name().equals(state);
  }
}
