package io.clusterkit.sticky.impl;

import io.clusterkit.sticky.Balancer;
import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.SlotLoad;
import io.clusterkit.sticky.SlotRoute;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux {@link ConnectionRouter}: it accepts on the public port with Netty's native epoll
 * transport and hands each accepted socket's file descriptor to the chosen worker over the
 * worker's private Unix domain socket, as Node's cluster does; the worker serves it as its own
 * connection and the launcher leaves the data path. The routing table's backend address of a slot
 * is that worker's hand-off socket. Flow control, failover and what is safe to give to another
 * worker are described in {@link HandoffWire} and {@link WorkerLink}. Everything runs on one
 * event loop of the launcher's Vert.x.
 */
public final class HandoffRouter implements ConnectionRouter {

  private static final Logger log = LoggerFactory.getLogger(HandoffRouter.class);
  private static final int BACKLOG = 1024;

  private final VertxInternal vertx;
  private final RouterOptions options;
  private final Balancer balancer;
  private final RoutingTable table;
  private final EventLoop loop;
  private final Map<Integer, WorkerLink> links = new HashMap<>();
  private final Set<PendingSocket> waiting = new LinkedHashSet<>();
  /** Worker processes (slot, gen) whose hand-off socket refused or ended: they take no more. */
  private final Set<Long> ended = new java.util.HashSet<>();
  private final AtomicInteger held = new AtomicInteger();
  private final IntConsumer onRoutable = slot -> onRoutable();
  private RawListener server;
  private int port;
  private boolean paused;
  private boolean stopping;
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
    this.balancer = balancer;
    this.table = table;
    this.loop = this.vertx.nettyEventLoopGroup().next();
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
          this::onAccepted);
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
      table.addRoutableListener(onRoutable);
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
      stopping = true;
      server.close();
      log.info("router on {}:{} stopped accepting; {} sockets still held", options.getHost(),
          port, held.get());
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
    execute(() -> {
      WorkerLink link = links.get(slot);
      if (link != null && link.gen == gen) {
        links.remove(slot);
        link.finish();
        checkPressure();
      }
    });
  }

  @Override
  public int activeConnections() {
    return held.get();
  }

  RoutingTable table() {
    return table;
  }

  private void onAccepted(int fd, InetSocketAddress remote) {
    held.incrementAndGet();
    PendingSocket socket = new PendingSocket(fd, remote);
    if (options.isAcceptProxyProtocol()) {
      EpollSocketChannel child = channelOf(socket);
      if (child != null) {
        ProxyHeaderReader.read(child, loop, AcceptLoop.HEAD_TIMEOUT, this::admit,
            held::decrementAndGet);
      }
    } else {
      admit(socket);
    }
  }

  private void admit(PendingSocket socket) {
    // the queue-timeout timer starts only for a socket that has to wait (see await): most are
    // handed off at once, and a timer per connection would cost the launcher on each
    socket.deadlinePassed = options.getQueueTimeout().toMillis() <= 0;
    route(socket);
  }

  private void route(PendingSocket socket) {
    List<SlotLoad> ready = table.ready();
    if (ready.isEmpty()) {
      await(socket);
      return;
    }
    try {
      socket.ranking = balancer.ranking(socket.clientAddress, ready);
    } catch (RuntimeException e) {
      log.error("balancer {} failed for {}; using slot order", balancer, socket, e);
      socket.ranking = ready.stream().map(SlotLoad::slot).toList();
    }
    socket.next = 0;
    tryNext(socket);
  }

  private void tryNext(PendingSocket socket) {
    while (socket.next < socket.ranking.size()) {
      int slot = socket.ranking.get(socket.next++);
      Optional<SlotRoute> route = table.acquire(slot);
      if (route.isEmpty()) {
        continue;
      }
      WorkerLink link = linkFor(route.get());
      if (link == null) {
        table.release(route.get());
        continue;
      }
      socket.route = route.get();
      if (log.isDebugEnabled()) {
        log.debug("{} -> slot {} gen {} after {} ms", socket, slot, route.get().gen(),
            socket.elapsedMillis());
      }
      link.enqueue(socket);
      checkPressure();
      return;
    }
    await(socket);
  }

  private WorkerLink linkFor(SlotRoute route) {
    WorkerLink link = links.get(route.slot());
    if (link != null && link.gen != route.gen()) {
      links.remove(route.slot());
      link.finish();
      link = null;
    }
    if (link == null) {
      if (ended.contains(key(route.slot(), route.gen()))) {
        return null;
      }
      if (!route.backend().isDomainSocket()) {
        log.error("slot {} gen {} - backend {} is not a Unix domain socket; cannot hand off",
            route.slot(), route.gen(), route.backend());
        return null;
      }
      link = new WorkerLink(this, loop, route.slot(), route.gen(), route.backend().path());
      links.put(route.slot(), link);
      link.connect((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout().toMillis()));
    }
    return link.sending() ? link : null;
  }

  /** The worker of socket's route did not take it (and never read it): try the next slot. */
  void failover(PendingSocket socket) {
    if (socket.route != null) {
      table.release(socket.route);
      socket.route = null;
    }
    tryNext(socket);
  }

  /** The worker took socket: close the launcher's copy. */
  void handedOff(PendingSocket socket) {
    socket.closeCopy();
    held.decrementAndGet();
  }

  /** socket may or may not have reached its worker: close the launcher's copy, count it out. */
  void lost(PendingSocket socket) {
    if (socket.route != null) {
      table.release(socket.route);
      socket.route = null;
    }
    socket.closeCopy();
    held.decrementAndGet();
  }

  /**
   * A link is gone. Unless the router closed it, the worker refused it or ended it, which it
   * does only when it dies or takes no more connections: that process is skipped from now on.
   */
  void linkClosed(WorkerLink link, boolean byWorker) {
    links.remove(link.slot, link);
    if (byWorker) {
      ended.add(key(link.slot, link.gen));
    }
    checkPressure();
  }

  private static long key(int slot, int gen) {
    return ((long) slot << 32) | (gen & 0xffffffffL);
  }

  /** Stops accepting while any worker has too many sockets queued; resumes when all have few. */
  void checkPressure() {
    if (server == null) {
      return;
    }
    boolean over = false;
    boolean under = true;
    for (WorkerLink link : links.values()) {
      over |= link.load() >= HandoffWire.PAUSE_AT;
      under &= link.load() <= HandoffWire.RESUME_AT;
    }
    if (!paused && over) {
      paused = true;
      server.paused(true);
      log.debug("router paused accepting: a worker has {} sockets queued", HandoffWire.PAUSE_AT);
    } else if (paused && under) {
      paused = false;
      if (!stopping) {
        server.paused(false);
      }
    }
  }

  private void await(PendingSocket socket) {
    if (!socket.deadlinePassed && socket.deadline == null) {
      long left = options.getQueueTimeout().toMillis() - socket.elapsedMillis();
      if (left <= 0) {
        socket.deadlinePassed = true;
      } else {
        socket.deadline = loop.schedule(() -> onDeadline(socket), left, TimeUnit.MILLISECONDS);
      }
    }
    if (socket.deadlinePassed) {
      answer503(socket);
      return;
    }
    if (waiting.add(socket)) {
      log.debug("{} - no READY worker, waiting up to {} ms", socket,
          options.getQueueTimeout().toMillis());
    }
  }

  private void onDeadline(PendingSocket socket) {
    socket.deadline = null;
    socket.deadlinePassed = true;
    if (waiting.remove(socket)) {
      answer503(socket);
    }
  }

  private void answer503(PendingSocket socket) {
    waiting.remove(socket);
    socket.cancelDeadline();
    log.warn("no READY worker for {} after {} ms ({}) - answering 503", socket,
        socket.elapsedMillis(), table);
    EpollSocketChannel channel = channelOf(socket);
    if (channel == null) {
      return;
    }
    channel.closeFuture().addListener(f -> held.decrementAndGet());
    channel.pipeline().addLast(new UnavailableHandler(AcceptLoop.HEAD_TIMEOUT, AcceptLoop.LINGER));
    loop.register(channel).addListener(f -> {
      if (!f.isSuccess()) {
        channel.unsafe().closeForcibly();
        held.decrementAndGet();
      }
    });
  }

  /**
   * The socket as a channel, for the launcher to read or answer on itself.
   *
   * @return the channel, or null when the descriptor is no usable socket any more (then it is
   *     closed and counted out)
   */
  private EpollSocketChannel channelOf(PendingSocket socket) {
    try {
      return socket.channel();
    } catch (RuntimeException e) {
      log.debug("{} - socket unusable: {}", socket, e.toString());
      socket.closeCopy();
      held.decrementAndGet();
      return null;
    }
  }

  private void onRoutable() {
    execute(() -> {
      List<PendingSocket> ready = new ArrayList<>(waiting);
      waiting.clear();
      for (PendingSocket socket : ready) {
        route(socket);
      }
    });
  }

  private void execute(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // the launcher's Vert.x is closing: nothing is routed any more
    }
  }
}
