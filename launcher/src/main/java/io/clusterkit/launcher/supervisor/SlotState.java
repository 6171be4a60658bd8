package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;

/**
 * What a slot is doing, as opposed to what its current worker is doing ({@link WorkerState}).
 */
public enum SlotState {

  /** Its current worker is STARTING, READY or DRAINING. */
  ACTIVE,

  /** Its worker exited unexpectedly; a replacement is scheduled after a backoff delay. */
  BACKOFF,

  /** Too many early exits in a row: the slot is given up and not restarted. */
  FAILED,

  /** Its worker exited and no replacement will come (the cluster is stopping). */
  STOPPED
}
