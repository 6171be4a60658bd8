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

  private static final List<String> NAMES = List.of(ROUND_ROBIN, LEAST_CONN, IP_HASH);

  private Balancers() {
  }

  /** @return every name {@link #byName} knows, in the order to show them */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Creates a new balancer by name.
   *
   * @param name a name of {@link #names()}
   * @return a new balancer, with its own state
   * @throws IllegalArgumentException when the name is unknown; the message lists the known ones
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
      default:
        throw new IllegalArgumentException("unknown balancer '" + name + "' (known: "
            + String.join(", ", NAMES) + ")");
    }
  }
}
