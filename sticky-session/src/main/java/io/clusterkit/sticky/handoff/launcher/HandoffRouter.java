package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.Balancer;
import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RouterStats;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.handoff.HandoffWire;
import io.clusterkit.sticky.handoff.PrefixPipe;
import io.clusterkit.sticky.net.ListenFailure;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux {@link ConnectionRouter}: it accepts on the public port with Netty's native epoll
 * transport and hands each accepted socket's file descriptor to the chosen worker over the
 * worker's private Unix domain socket, as Node's cluster does; the worker serves it as its own
 * connection and the launcher leaves the data path. The routing table's backend address of a slot
 * is that worker's hand-off socket. Flow control, failover and what is safe to give to another
 * worker are described in {@link HandoffWire} and {@link WorkerLink}; routing itself is the
 * {@code Dispatcher}'s. Everything runs on one event loop of the launcher's Vert.x.
 */
public final class HandoffRouter implements ConnectionRouter {

  private static final Logger log = LoggerFactory.getLogger(HandoffRouter.class);
  private static final int BACKLOG = 1024;

  private final VertxInternal vertx;
  private final RouterOptions options;
  private final EventLoop loop;
  private final Dispatcher dispatcher;
  private final RouterStats stats = new RouterStats();
  private RawListener server;
  private int port;
  private Future<Integer> listening;
  private Future<Void> stopped;

  /**
   * Creates a router that does not listen yet.
   *
   * @param vertx the launcher's Vert.x
   * @param options how to listen; kept, not copied ({@code instances} and {@code proxyProtocol}
   *     do not apply: one event loop accepts, and workers see the real client without a header).
   *     With {@code acceptProxyProtocol} the launcher reads each connection's PROXY header to
   *     balance on the client it names, and the header travels to the worker with the socket
   *     (see {@link PrefixPipe}), whose server must then expect PROXY headers too
   * @param balancer chooses a slot per connection
   * @param table the routable slots; a slot's backend is its worker's hand-off socket
   */
  public HandoffRouter(Vertx vertx, RouterOptions options, Balancer balancer, RoutingTable table) {
    this.vertx = (VertxInternal) vertx;
    this.options = options;
    this.loop = this.vertx.nettyEventLoopGroup().next();
    this.dispatcher = new Dispatcher(options, balancer, table, loop, stats);
  }

  /** @return whether hand-off can work in this JVM: Linux with Netty's native epoll loaded */
  public static boolean isAvailable() {
    return Epoll.isAvailable();
  }

  /** @return why hand-off cannot work here, or null when it can */
  public static Throwable unavailabilityCause() {
    return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
  }

  @Override
  public synchronized Future<Integer> listen() {
    if (listening != null) {
      return Future.failedFuture(new IllegalStateException("router on " + options.getHost() + ":"
          + options.getPort() + " - listen() was already called"));
    }
    if (!isAvailable()) {
      listening = Future.failedFuture(new VertxException("socket hand-off needs Netty's native "
          + "epoll transport: " + unavailabilityCause(), unavailabilityCause()));
      return listening;
    }
    Promise<Integer> bound = Promise.promise();
    listening = bound.future();
    vertx.<InetAddress>executeBlocking(() -> InetAddress.getByName(options.getHost()), false)
        .onFailure(e -> bound.fail(ListenFailure.of(options, e)))
        .onSuccess(address -> loop.execute(() -> bind(address, bound)));
    return listening;
  }

  private void bind(InetAddress address, Promise<Integer> bound) {
    RawListener listener;
    try {
      listener = RawListener.bind(new InetSocketAddress(address, options.getPort()), BACKLOG,
          dispatcher::accepted);
    } catch (IOException | RuntimeException e) {
      bound.fail(ListenFailure.of(options, e));
      return;
    }
    listener.register(loop).addListener(registered -> {
      if (!registered.isSuccess()) {
        listener.close();
        bound.fail(ListenFailure.of(options, registered.cause()));
        return;
      }
      server = listener;
      port = listener.port();
      dispatcher.listening(listener);
      log.info("router listening on {}:{}, handing sockets to workers", options.getHost(), port);
      bound.complete(port);
    });
  }

  @Override
  public synchronized Future<Void> stopAccepting() {
    if (stopped == null) {
      stopped = listening == null ? Future.succeededFuture()
          : listening.transform(ar -> ar.failed() ? Future.succeededFuture() : closePort());
    }
    return stopped;
  }

  private Future<Void> closePort() {
    Promise<Void> closed = Promise.promise();
    loop.execute(() -> {
      dispatcher.stopping();
      server.close();
      log.info("router on {}:{} stopped accepting; {} sockets still held", options.getHost(),
          port, dispatcher.held());
      closed.complete();
    });
    return closed.future();
  }

  /**
   * Tells the router that slot's generation gen is no longer routable: it stops sending to that
   * worker and closes its hand-off link, which the worker takes as "no more connections".
   * Call after {@link RoutingTable#unroute}; a call for an older generation changes nothing.
   *
   * @param slot the worker slot
   * @param gen the generation that was unrouted
   */
  public void unrouted(int slot, int gen) {
    dispatcher.unrouted(slot, gen);
  }

  /**
   * Says how long a worker process has left client sockets unreported: normally a matter of
   * microseconds; a worker out of descriptors loses the sockets it cannot receive and never
   * reports them, and the router stops accepting once 64 wait. Callable from any thread.
   *
   * @param slot the worker's slot
   * @param gen its generation
   * @return how long, {@link Duration#ZERO} when none is in flight
   */
  public Duration stalled(int slot, int gen) {
    return Duration.ofNanos(dispatcher.stalledNanos(slot, gen, System.nanoTime()));
  }

  @Override
  public RouterStats stats() {
    return stats;
  }

  @Override
  public int activeConnections() {
    return dispatcher.held();
  }
}
