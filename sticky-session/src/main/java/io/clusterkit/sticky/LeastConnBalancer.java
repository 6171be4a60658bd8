package io.clusterkit.sticky;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gives each new connection to the READY slot with the fewest open connections. When several
 * slots share the fewest, it takes turns among them in slot order, the way
 * {@link RoundRobinBalancer} does among all slots: it remembers the slot it picked last and takes
 * the lowest tied slot above it, wrapping around, so an idle cluster is not all sent to slot 0.
 * Not sticky: the client address is ignored.
 */
public final class LeastConnBalancer implements Balancer {

  /** Takes turns among the slots tied for the least load. */
  private final RoundRobinBalancer turns = new RoundRobinBalancer();

  /** Creates a balancer whose first pick among tied slots is the lowest. */
  public LeastConnBalancer() {
  }

  /**
   * Picks the least loaded READY slot, taking turns among the slots tied for the least load.
   *
   * @param clientAddress ignored
   * @param ready the READY slots with their open connections, never empty
   * @return the slot with the fewest open connections
   */
  @Override
  public int pick(byte[] clientAddress, List<SlotLoad> ready) {
    Objects.requireNonNull(ready, "ready");
    if (ready.isEmpty()) {
      throw new IllegalArgumentException("ready must not be empty");
    }
    int least = Integer.MAX_VALUE;
    for (SlotLoad load : ready) {
      least = Math.min(least, load.connections());
    }
    List<SlotLoad> tied = new ArrayList<>(ready.size());
    for (SlotLoad load : ready) {
      if (load.connections() == least) {
        tied.add(load);
      }
    }
    return turns.pick(clientAddress, tied);
  }

  /**
   * Orders the READY slots by ascending load: the pick first, then the others by open
   * connections; equal loads follow slot order from the pick, wrapping around. Advances the turn
   * among tied slots once, as {@link #pick} does.
   *
   * @param clientAddress ignored
   * @param ready the READY slots with their open connections, never empty
   * @return every slot of ready exactly once, the least loaded first
   */
  @Override
  public List<Integer> ranking(byte[] clientAddress, List<SlotLoad> ready) {
    int first = pick(clientAddress, ready);
    List<SlotLoad> sorted = new ArrayList<>(ready);
    sorted.sort((a, b) -> {
      int byLoad = Integer.compare(a.connections(), b.connections());
      if (byLoad != 0) {
        return byLoad;
      }
      int byTurn = Boolean.compare(a.slot() < first, b.slot() < first);
      return byTurn != 0 ? byTurn : Integer.compare(a.slot(), b.slot());
    });
    List<Integer> ranking = new ArrayList<>(sorted.size());
    for (SlotLoad load : sorted) {
      ranking.add(load.slot());
    }
    return ranking;
  }

  /** @return the strategy's name, for log lines */
  @Override
  public String toString() {
    return Balancers.LEAST_CONN;
  }
}
