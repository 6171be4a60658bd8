package io.clusterkit.launcher;

import java.util.Objects;

/**
 * What a restart of one slot that completed did: its replacement is READY and routed, and the
 * worker it replaced has drained and exited.
 *
 * @param slot the slot restarted
 * @param oldGen the generation replaced, -1 when the slot had none
 * @param oldPid its process id (already gone when the slot was FAILED or waiting to restart
 *     after a crash), -1 when it never had one
 * @param newGen the replacement's generation
 * @param newPid the replacement's process id
 * @param detail one line for people, e.g.
 *     {@code "slot 1 restarted: gen 2 (pid 4711) replaced by gen 3 (pid 4802)"}
 */
public record RestartResult(int slot, int oldGen, long oldPid, int newGen, long newPid,
    String detail) {

  /**
   * Checks the detail.
   *
   * @param slot the slot
   * @param oldGen the old generation, or -1
   * @param oldPid the old pid, or -1
   * @param newGen the new generation
   * @param newPid the new pid
   * @param detail not null
   */
  public RestartResult {
    Objects.requireNonNull(detail, "detail");
  }
}
