package io.clusterkit.sticky;

import io.clusterkit.sticky.forward.ForwardingRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;

/**
 * Holds the public port and gives each client connection to a READY worker slot chosen by a
 * {@link Balancer} over a {@link RoutingTable}. A connection that finds no READY worker waits
 * for one (bounded by {@link RouterOptions#getQueueTimeout()}) and then gets a 503 from the
 * router itself, never a reset.
 */
public interface ConnectionRouter {

  /**
   * Creates the portable router, which connects to the chosen worker and copies bytes both ways.
   * Backends may be Unix domain sockets or inet addresses, on the native transport
   * ({@code VertxOptions.setPreferNativeTransport(true)}, what the launcher uses) or on the JDK
   * transport (Java 16 and later reach Unix domain sockets too).
   *
   * @param vertx the Vert.x the router runs on
   * @param options how to listen and forward; copied
   * @param balancer chooses a slot for each connection
   * @param table the routable slots, kept up to date by the supervisor
   * @return a router that does not listen yet
   */
  static ConnectionRouter create(Vertx vertx, RouterOptions options, Balancer balancer,
      RoutingTable table) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(balancer, "balancer");
    Objects.requireNonNull(table, "table");
    return new ForwardingRouter(vertx, new RouterOptions(options), balancer, table);
  }

  /**
   * Binds the public port and starts accepting; call once.
   *
   * @return a future completed with the bound port (the picked one when the port was 0), or
   *     failed with a message such as {@code port 8080 on 0.0.0.0 is already in use}
   */
  Future<Integer> listen();

  /**
   * Closes the public port so new connections are refused, and leaves every established
   * connection alone: each ends when its worker or its client closes it. Connections still
   * waiting for a READY worker keep waiting until served or answered 503. Idempotent.
   *
   * @return a future completed once the port no longer accepts connections
   */
  Future<Void> stopAccepting();

  /** @return the client connections open now: waiting, forwarded, or being answered 503 */
  int activeConnections();

  /**
   * @return what this router did with the public port's connections so far (all zero for a
   *     router that does not accept them itself, as under {@code reuseport})
   */
  RouterStats stats();
}
