package io.clusterkit.sticky;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the worker slot that serves a new client connection: a pure function of the client's
 * address and the READY slots with their load. A balancer opens no socket and never blocks; the
 * router calls it from several event loops at once, so implementations are thread-safe.
 *
 * <p>The client address is given as its raw IP bytes: 4 for IPv4, 16 for IPv6. An IPv4-mapped
 * IPv6 address ({@code ::ffff:a.b.c.d}) is given as its 4 IPv4 bytes, so one client is the same
 * client whichever socket family it arrived on.
 */
public interface Balancer {

  /**
   * Picks the slot for a new connection of clientAddress.
   *
   * @param clientAddress the client's raw IP bytes (4 or 16); never modified
   * @param ready the READY slots, never empty (the router waits instead of calling with none)
   * @return the {@link SlotLoad#slot()} of one element of ready
   */
  int pick(byte[] clientAddress, List<SlotLoad> ready);

  /**
   * Orders every READY slot by preference for clientAddress: the router connects to the first
   * and, when that connection is refused or fails, fails over to the next. The default puts
   * {@link #pick} first, then the other slots in slot order, wrapping around after the picked
   * one (for round-robin: the slots that follow). Strategies with their own order per client
   * (rendezvous hashing) override it. Calls {@link #pick} exactly once.
   *
   * @param clientAddress the client's raw IP bytes (4 or 16); never modified
   * @param ready the READY slots, never empty
   * @return every slot of ready exactly once, the preferred first
   */
  default List<Integer> ranking(byte[] clientAddress, List<SlotLoad> ready) {
    int first = pick(clientAddress, ready);
    List<Integer> slots = new ArrayList<>(ready.size());
    for (SlotLoad load : ready) {
      slots.add(load.slot());
    }
    slots.sort(Comparator.naturalOrder());
    int at = slots.indexOf(first);
    if (at < 0) {
      throw new IllegalStateException(getClass().getSimpleName() + " picked slot " + first
          + ", which is not READY (READY: " + slots + ")");
    }
    List<Integer> ranking = new ArrayList<>(slots.size());
    for (int i = 0; i < slots.size(); i++) {
      ranking.add(slots.get((at + i) % slots.size()));
    }
    return ranking;
  }
}
