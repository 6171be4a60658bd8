package io.clusterkit.sticky;

import java.util.List;
import java.util.Objects;

/** Creates balancers by the names the command line uses ({@code -balance ip-hash}). */
public final class Balancers {

  /** The name of {@link RoundRobinBalancer}. */
  public static final String ROUND_ROBIN = "round-robin";

  /** The name of {@link LeastConnBalancer}. */
  public static final String LEAST_CONN = "least-conn";

  /** The name of {@link RendezvousBalancer} with its default seed: sticky sessions by client IP. */
  public static final String IP_HASH = "ip-hash";

  /**
   * The strategy with no balancer in the launcher: every worker binds the public port itself with
   * {@code SO_REUSEPORT} (native epoll) and the kernel spreads new connections by a hash of
   * their addresses and ports. Not sticky.
   */
  public static final String REUSEPORT = "reuseport";

  private static final List<String> NAMES = List.of(ROUND_ROBIN, LEAST_CONN, IP_HASH, REUSEPORT);

  private Balancers() {
  }

  /** @return every name {@link #byName} knows, in the order to show them */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Checks a strategy name.
   *
   * @param name a name of {@link #names()}
   * @return whether the launcher routes connections under it (every strategy but
   *     {@link #REUSEPORT}, where the kernel does)
   * @throws IllegalArgumentException when the name is unknown; the message lists the known ones
   */
  public static boolean routed(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAMES.contains(name)) {
      throw unknown(name);
    }
    return !REUSEPORT.equals(name);
  }

  /**
   * Creates a new balancer by name.
   *
   * @param name a name of {@link #names()}
   * @return a new balancer, with its own state
   * @throws IllegalArgumentException when the name is unknown (the message lists the known ones)
   *     or is {@link #REUSEPORT}, which has no balancer in the launcher
   */
  public static Balancer byName(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case ROUND_ROBIN:
        return new RoundRobinBalancer();
      case LEAST_CONN:
        return new LeastConnBalancer();
      case IP_HASH:
        return new RendezvousBalancer();
      case REUSEPORT:
        throw new IllegalArgumentException(REUSEPORT + " has no balancer in the launcher: "
            + "workers accept on the public port themselves");
      default:
        throw unknown(name);
    }
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown balancer '" + name + "' (known: "
        + String.join(", ", NAMES) + ")");
  }
}
