package io.clusterkit.sticky;

/**
 * One READY worker slot as a balancer sees it: the slot number and how many client connections
 * the router has open to it right now.
 *
 * @param slot the worker slot, {@code >= 0}
 * @param connections the open connections to that slot, {@code >= 0}
 */
public record SlotLoad(int slot, int connections) {

  /**
   * Checks the values.
   *
   * @param slot the worker slot, {@code >= 0}
   * @param connections the open connections to that slot, {@code >= 0}
   */
  public SlotLoad {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    if (connections < 0) {
      throw new IllegalArgumentException("connections must be >= 0, was " + connections);
    }
  }
}
