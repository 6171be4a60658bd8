package io.clusterkit.launcher.impl;

/** One long that names a worker by (slot, generation), for maps kept per worker. */
public final class WorkerKey {

  private WorkerKey() {
  }

  /**
   * Names a worker by one long.
   *
   * @param slot the slot
   * @param gen the generation
   * @return slot in the high 32 bits, gen in the low 32
   */
  public static long of(int slot, int gen) {
    return ((long) slot << 32) | (gen & 0xffffffffL);
  }
}
