package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.Balancer;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RouterStats;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.SlotLoad;
import io.clusterkit.sticky.SlotRoute;
import io.clusterkit.sticky.net.ClientTimeouts;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off router's routing: each accepted socket (after its PROXY header, when the launcher
 * reads one) gets the client's ranking of READY slots from the balancer and goes to the first
 * slot whose worker link takes it; a socket its worker did not take tries the next slot; with
 * none left it waits in the {@link WaitingRoom}. Counts the sockets the launcher holds. Confined
 * to the router's event loop, but for {@link #held()} and {@link #unrouted}.
 */
final class Dispatcher implements LinkListener {

  private static final Logger log = LoggerFactory.getLogger(HandoffRouter.class);

  private final RouterOptions options;
  private final Balancer balancer;
  private final RoutingTable table;
  private final EventLoop loop;
  private final WorkerLinks links;
  private final WaitingRoom waiting;
  private final RouterStats stats;
  private final AtomicInteger held = new AtomicInteger();
  private final IntConsumer onRoutable = slot -> onRoutable();

  /**
   * Creates the routing of one router.
   *
   * @param options the router's options
   * @param balancer chooses a slot per connection
   * @param table the routable slots
   * @param loop the router's event loop
   * @param stats where the router's connections are counted
   */
  Dispatcher(RouterOptions options, Balancer balancer, RoutingTable table, EventLoop loop,
      RouterStats stats) {
    this.options = options;
    this.stats = stats;
    this.balancer = balancer;
    this.table = table;
    this.loop = loop;
    this.links = new WorkerLinks(this, table, loop, options.getConnectTimeout());
    this.waiting = new WaitingRoom(options, table, loop, this::channelOf, held::decrementAndGet,
        stats);
  }

  /**
   * The public port listens: flow control pauses and resumes it, and sockets waiting for a
   * READY worker are routed again whenever a slot becomes routable.
   *
   * @param server the public port's listener
   */
  void listening(RawListener server) {
    links.listening(server);
    table.addRoutableListener(onRoutable);
  }

  /** The public port is closing: it is never resumed. */
  void stopping() {
    links.stopping();
  }

  /** @return how long a worker has left sockets unreported, 0 for none; from any thread */
  long stalledNanos(int slot, int gen, long nowNanos) {
    return links.stalledNanos(slot, gen, nowNanos);
  }

  /** @return the client sockets the launcher holds now; from any thread */
  int held() {
    return held.get();
  }

  /** See {@link HandoffRouter#unrouted}; from any thread. */
  void unrouted(int slot, int gen) {
    execute(() -> links.unrouted(slot, gen));
  }

  /**
   * Takes a socket the public port accepted.
   *
   * @param fd its descriptor, now the launcher's
   * @param remote the client's address
   */
  void accepted(int fd, InetSocketAddress remote) {
    held.incrementAndGet();
    stats.countAccepted();
    PendingSocket socket = new PendingSocket(fd, remote);
    if (options.isAcceptProxyProtocol()) {
      EpollSocketChannel child = channelOf(socket);
      if (child != null) {
        ProxyHeaderReader.read(child, loop, ClientTimeouts.HEAD_TIMEOUT, this::admit, () -> {
          held.decrementAndGet();
          stats.countProxyHeaderError();
        });
      }
    } else {
      admit(socket);
    }
  }

  private void admit(PendingSocket socket) {
    // the queue-timeout timer starts only for a socket that has to wait (see WaitingRoom): most
    // are handed off at once, and a timer per connection would cost the launcher on each
    socket.deadlinePassed = options.getQueueTimeout().toMillis() <= 0;
    route(socket);
  }

  private void route(PendingSocket socket) {
    List<SlotLoad> ready = table.ready();
    if (ready.isEmpty()) {
      waiting.await(socket);
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
      WorkerLink link = links.linkFor(route.get());
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
      links.checkPressure();
      return;
    }
    waiting.await(socket);
  }

  @Override
  public void failover(PendingSocket socket) {
    if (socket.route != null) {
      table.release(socket.route);
      socket.route = null;
    }
    tryNext(socket);
  }

  @Override
  public void handedOff(PendingSocket socket) {
    if (socket.route != null) {
      stats.countRouted(socket.route.slot());
    }
    socket.closeCopy();
    held.decrementAndGet();
  }

  @Override
  public void lost(PendingSocket socket) {
    if (socket.route != null) {
      table.release(socket.route);
      socket.route = null;
    }
    socket.closeCopy();
    held.decrementAndGet();
  }

  @Override
  public void loadChanged() {
    links.checkPressure();
  }

  @Override
  public void linkClosed(WorkerLink link, boolean byWorker) {
    links.closed(link, byWorker);
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
      for (PendingSocket socket : waiting.takeAll()) {
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
