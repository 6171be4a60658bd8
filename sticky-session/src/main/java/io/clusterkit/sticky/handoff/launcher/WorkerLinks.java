package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.SlotRoute;
import io.clusterkit.sticky.WorkerKey;
import io.clusterkit.sticky.handoff.HandoffWire;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off router's links, one per slot, to the current worker process of that slot; the
 * processes that take no more sockets; and flow control over them all: the public port stops
 * accepting while any worker has {@link HandoffWire#PAUSE_AT} sockets queued, and resumes when
 * every one is down to {@link HandoffWire#RESUME_AT}. Confined to the router's event loop.
 */
final class WorkerLinks {

  private static final Logger log = LoggerFactory.getLogger(HandoffRouter.class);

  private final LinkListener listener;
  private final RoutingTable table;
  private final EventLoop loop;
  private final Duration connectTimeout;
  // concurrent: stalledNanos reads it from other threads; written on the router's loop only
  private final Map<Integer, WorkerLink> links = new ConcurrentHashMap<>();
  /** Worker processes ({@link WorkerKey}) whose hand-off socket refused or ended: no more. */
  private final Set<Long> ended = new HashSet<>();
  private RawListener server;
  private boolean paused;
  private boolean stopping;

  /**
   * Creates a set with no links.
   *
   * @param listener what every link reports to
   * @param table where links release the routes of closed connections
   * @param loop the router's event loop
   * @param connectTimeout how long a link may take to connect to its worker
   */
  WorkerLinks(LinkListener listener, RoutingTable table, EventLoop loop,
      Duration connectTimeout) {
    this.listener = listener;
    this.table = table;
    this.loop = loop;
    this.connectTimeout = connectTimeout;
  }

  /** @param server the public port's listener, paused and resumed by flow control from now on */
  void listening(RawListener server) {
    this.server = server;
  }

  /**
   * Says how long a worker process has left sockets unreported; callable from any thread.
   *
   * @param slot the worker's slot
   * @param gen its generation
   * @param nowNanos the time now, on System.nanoTime
   * @return how long, 0 when it has none in flight or no link
   */
  long stalledNanos(int slot, int gen, long nowNanos) {
    WorkerLink link = links.get(slot);
    return link == null || link.gen != gen ? 0 : link.stalledNanos(nowNanos);
  }

  /** The public port is closing: flow control never resumes accepting again. */
  void stopping() {
    stopping = true;
  }

  /**
   * The link to route's worker process, connecting one if there is none yet; an older process's
   * link in that slot is finished.
   *
   * @param route a route acquired for a socket
   * @return a link that takes sockets, or null when that process takes no more
   */
  WorkerLink linkFor(SlotRoute route) {
    WorkerLink link = links.get(route.slot());
    if (link != null && link.gen != route.gen()) {
      links.remove(route.slot());
      link.finish();
      link = null;
    }
    if (link == null) {
      if (ended.contains(WorkerKey.of(route.slot(), route.gen()))) {
        return null;
      }
      if (!route.backend().isDomainSocket()) {
        log.error("slot {} gen {} - backend {} is not a Unix domain socket; cannot hand off",
            route.slot(), route.gen(), route.backend());
        return null;
      }
      link = new WorkerLink(listener, table, loop, route.slot(), route.gen(),
          route.backend().path());
      links.put(route.slot(), link);
      link.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    }
    return link.sending() ? link : null;
  }

  /**
   * Finishes the link of slot's generation gen, if it is the current one: the worker gets
   * end-of-stream.
   *
   * @param slot the worker slot
   * @param gen the generation that was unrouted
   */
  void unrouted(int slot, int gen) {
    WorkerLink link = links.get(slot);
    if (link != null && link.gen == gen) {
      links.remove(slot);
      link.finish();
      checkPressure();
    }
  }

  /**
   * Forgets a closed link. Unless the router closed it, the worker refused it or ended it, which
   * it does only when it dies or takes no more connections: that process is skipped from now on.
   *
   * @param link the link
   * @param byWorker whether the worker closed it
   */
  void closed(WorkerLink link, boolean byWorker) {
    links.remove(link.slot, link);
    if (byWorker) {
      ended.add(WorkerKey.of(link.slot, link.gen));
    }
    checkPressure();
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
}
