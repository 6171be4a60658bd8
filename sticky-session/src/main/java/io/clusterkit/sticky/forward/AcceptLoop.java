package io.clusterkit.sticky.forward;

import io.clusterkit.sticky.Balancer;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RouterStats;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.net.ClientTimeouts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One accept loop of the router: a share of the public port's {@link NetServer} (Vert.x hands
 * its instances accepted sockets in turn), a {@link NetClient} to the workers, and the
 * connections of this event loop, including those waiting for a READY worker. Everything but
 * {@link #stopListening()} runs on its own event loop.
 */
final class AcceptLoop extends VerticleBase {

  /** Established connections outlive {@link #stopListening()}: in effect, forever. */
  private static final long SHUTDOWN_DAYS = 3650;

  private final ForwardingRouter router;
  private final int bindPort;
  private final Set<ClientConnection> waiting = new LinkedHashSet<>();
  private final Set<ClientConnection> open = new HashSet<>();
  private final Promise<Void> listenerClosed = Promise.promise();
  private final IntConsumer onRoutable = slot -> onRoutable();
  private ContextInternal loopContext;
  private NetServer server;
  private NetClient netClient;

  /**
   * Creates a loop.
   *
   * @param router the router it belongs to
   * @param bindPort the port to listen on: the public port, or a negative port shared by the
   *     router's loops when a free port is to be picked
   */
  AcceptLoop(ForwardingRouter router, int bindPort) {
    this.router = router;
    this.bindPort = bindPort;
  }

  @Override
  public Future<?> start() {
    loopContext = (ContextInternal) context;
    RouterOptions options = router.options();
    netClient = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
            options.getConnectTimeout().toMillis())));
    server = vertx.createNetServer(new NetServerOptions().setHost(options.getHost())
            .setUseProxyProtocol(options.isAcceptProxyProtocol())
            .setProxyProtocolTimeout(ClientTimeouts.HEAD_TIMEOUT.toMillis())
            .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectHandler(socket -> {
          socket.shutdownHandler(v -> listenerClosed.tryComplete());
          router.stats().countAccepted();
          ClientConnection connection = new ClientConnection(this, socket);
          open.add(connection);
          router.opened();
          connection.start();
        });
    return server.listen(bindPort, options.getHost())
        .onSuccess(bound -> router.table().addRoutableListener(onRoutable));
  }

  @Override
  public Future<?> stop() {
    router.table().removeRoutableListener(onRoutable);
    for (ClientConnection connection : new ArrayList<>(open)) {
      connection.closeNow();
    }
    return Future.succeededFuture();
  }

  /** @return the port actually bound, shared by every loop of the router */
  int actualPort() {
    return server.actualPort();
  }

  /**
   * Takes this loop's share out of the public port, leaving its connections open. The loop
   * whose share is taken out last closes the port.
   *
   * @return a future completed once this loop has seen the port closed: its shutdown reached
   *     one of its connections, or it had none left
   */
  Future<Void> stopListening() {
    server.shutdown(SHUTDOWN_DAYS, TimeUnit.DAYS).onComplete(ar -> listenerClosed.tryComplete());
    return listenerClosed.future();
  }

  ContextInternal context() {
    return loopContext;
  }

  RouterOptions options() {
    return router.options();
  }

  RouterStats stats() {
    return router.stats();
  }

  RoutingTable table() {
    return router.table();
  }

  Balancer balancer() {
    return router.balancer();
  }

  NetClient netClient() {
    return netClient;
  }

  void await(ClientConnection connection) {
    waiting.add(connection);
  }

  void stopAwaiting(ClientConnection connection) {
    waiting.remove(connection);
  }

  void closed(ClientConnection connection) {
    if (open.remove(connection)) {
      router.closed();
    }
  }

  private void onRoutable() {
    try {
      loopContext.runOnContext(v -> {
        List<ClientConnection> ready = new ArrayList<>(waiting);
        waiting.clear();
        for (ClientConnection connection : ready) {
          connection.route();
        }
      });
    } catch (RejectedExecutionException e) {
      // the event loop is shutting down with Vert.x: nothing is waiting any more
    }
  }
}
