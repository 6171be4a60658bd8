package io.clusterkit.sticky.forward;

import io.clusterkit.sticky.Balancer;
import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RouterStats;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.net.ListenFailure;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable {@link ConnectionRouter}: {@link RouterOptions#getInstances()} accept loops share
 * the public port; each connection is forwarded to its worker by copying bytes both ways (see
 * {@link Splice}), preceded by a PROXY protocol v1 header when configured.
 */
public final class ForwardingRouter implements ConnectionRouter {

  private static final Logger log = LoggerFactory.getLogger(ForwardingRouter.class);

  /** Vert.x shares one picked port among servers that listen on the same negative port. */
  private static final AtomicInteger SHARED_FREE_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final RouterOptions options;
  private final Balancer balancer;
  private final RoutingTable table;
  private final List<AcceptLoop> loops = new CopyOnWriteArrayList<>();
  private final AtomicInteger active = new AtomicInteger();
  private final RouterStats stats = new RouterStats();
  private Future<Integer> listening;
  private Future<Void> stopped;

  /**
   * Creates a router; use {@link ConnectionRouter#create} rather than this.
   *
   * @param vertx the Vert.x it runs on
   * @param options how to listen and forward; kept, not copied
   * @param balancer chooses a slot per connection
   * @param table the routable slots
   */
  public ForwardingRouter(Vertx vertx, RouterOptions options, Balancer balancer,
      RoutingTable table) {
    this.vertx = vertx;
    this.options = options;
    this.balancer = balancer;
    this.table = table;
  }

  @Override
  public synchronized Future<Integer> listen() {
    if (listening != null) {
      return Future.failedFuture(new IllegalStateException("router on " + options.getHost() + ":"
          + options.getPort() + " - listen() was already called"));
    }
    int bindPort = options.getPort() == 0
        ? -(SHARED_FREE_PORTS.incrementAndGet() & 0xffff) - 1 : options.getPort();
    listening = vertx.deployVerticle(() -> {
      AcceptLoop loop = new AcceptLoop(this, bindPort);
      loops.add(loop);
      return loop;
    }, new DeploymentOptions().setInstances(options.getInstances()))
        .transform(ar -> {
          if (ar.failed()) {
            loops.clear();
            return Future.failedFuture(ListenFailure.of(options, ar.cause()));
          }
          int port = loops.get(0).actualPort();
          log.info("router listening on {}:{} with {} accept loops", options.getHost(), port,
              loops.size());
          return Future.succeededFuture(port);
        });
    return listening;
  }

  @Override
  public synchronized Future<Void> stopAccepting() {
    if (stopped == null) {
      stopped = listening == null ? Future.succeededFuture()
          : listening.transform(ar -> ar.failed() ? Future.succeededFuture() : closePort());
    }
    return stopped;
  }

  @Override
  public int activeConnections() {
    return active.get();
  }

  @Override
  public RouterStats stats() {
    return stats;
  }

  private Future<Void> closePort() {
    // the port closes when the last loop leaves it, so only the last loop's news counts
    Future<Void> closed = Future.succeededFuture();
    for (AcceptLoop loop : loops) {
      closed = loop.stopListening();
    }
    return closed.onSuccess(v -> log.info("router on {}:{} stopped accepting; {} connections "
        + "stay open", options.getHost(), loops.get(0).actualPort(), active.get()));
  }

  RouterOptions options() {
    return options;
  }

  Balancer balancer() {
    return balancer;
  }

  RoutingTable table() {
    return table;
  }

  void opened() {
    active.incrementAndGet();
  }

  void closed() {
    active.decrementAndGet();
  }
}
