package io.clusterkit.sticky;

/**
 * The one key that names a worker process by its slot and generation, for maps and sets kept per
 * worker process, in the launcher and in its router alike.
 */
public final class WorkerKey {

  private WorkerKey() {
  }

  /**
   * Packs a worker's slot and generation into one long.
   *
   * @param slot the worker's slot
   * @param gen the generation of the process in that slot
   * @return slot in the high 32 bits, gen in the low 32
   */
  public static long of(int slot, int gen) {
    return ((long) slot << 32) | (gen & 0xffffffffL);
  }
}
