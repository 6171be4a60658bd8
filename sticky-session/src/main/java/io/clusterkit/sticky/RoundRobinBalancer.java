package io.clusterkit.sticky;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each new connection to the next READY slot in slot order, wrapping around, the way
 * Node's cluster module does. It remembers only the slot it picked last, not a position in a
 * list, so it stays fair when the READY set changes: a slot that leaves is skipped, a slot that
 * joins takes its turn in order, and no slot is picked twice in a row because another left.
 * Not sticky: the client address is ignored.
 */
public final class RoundRobinBalancer implements Balancer {

  private final AtomicInteger last = new AtomicInteger(-1);

  /** Creates a balancer whose first pick is the lowest READY slot. */
  public RoundRobinBalancer() {
  }

  /**
   * Picks the lowest READY slot above the one picked last, or the lowest READY slot when none is
   * above it.
   *
   * @param clientAddress ignored
   * @param ready the READY slots, never empty
   * @return the slot that comes next
   */
  @Override
  public int pick(byte[] clientAddress, List<SlotLoad> ready) {
    Objects.requireNonNull(ready, "ready");
    if (ready.isEmpty()) {
      throw new IllegalArgumentException("ready must not be empty");
    }
    while (true) {
      int previous = last.get();
      int next = following(previous, ready);
      if (last.compareAndSet(previous, next)) {
        return next;
      }
    }
  }

  private static int following(int previous, List<SlotLoad> ready) {
    int lowest = Integer.MAX_VALUE;
    int above = Integer.MAX_VALUE;
    for (SlotLoad load : ready) {
      int slot = load.slot();
      lowest = Math.min(lowest, slot);
      if (slot > previous) {
        above = Math.min(above, slot);
      }
    }
    return above != Integer.MAX_VALUE ? above : lowest;
  }

  @Override
  public String toString() {
    return Balancers.ROUND_ROBIN;
  }
}
