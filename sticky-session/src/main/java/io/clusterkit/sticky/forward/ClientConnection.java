package io.clusterkit.sticky.forward;

import io.clusterkit.sticky.SlotLoad;
import io.clusterkit.sticky.SlotRoute;
import io.clusterkit.sticky.net.ClientTimeouts;
import io.clusterkit.sticky.net.ProxyHeader;
import io.netty.buffer.Unpooled;
import io.netty.util.NetUtil;
import io.vertx.core.AsyncResult;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client connection on its way to a worker: it reads nothing until a worker is
 * connected; it asks the balancer for the client's ranking of READY slots and connects to them
 * in turn (failover the client never sees); with none left it waits for a slot to become
 * routable, up to the queue timeout, and then answers 503 itself. Confined to its accept loop.
 */
final class ClientConnection {

  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  private enum State { NEW, CONNECTING, WAITING, FORWARDING, ANSWERING, CLOSED }

  private final AcceptLoop loop;
  private final Endpoint client;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final String who;
  private final byte[] clientAddress;
  private final long acceptedNanos = System.nanoTime();
  private State state = State.NEW;
  private List<Integer> ranking = List.of();
  private int next;
  private long deadlineTimer = -1;
  private boolean deadlinePassed;
  private Endpoint backend;

  /**
   * Takes over an accepted socket; call on its event loop, before it reads.
   *
   * @param loop the accept loop that accepted it
   * @param socket the client's socket
   */
  ClientConnection(AcceptLoop loop, NetSocket socket) {
    this.loop = loop;
    this.client = new Endpoint(socket, loop.context(), "client " + socket.remoteAddress(),
        this::onClientClosed);
    // Vert.x's addresses, not the channel's: behind a PROXY-speaking load balancer they are the
    // ones its header carries
    this.remote = inet(socket.remoteAddress(), client.channel().remoteAddress());
    this.local = inet(socket.localAddress(), client.channel().localAddress());
    this.who = NetUtil.toSocketAddressString(remote);
    this.clientAddress = ProxyHeader.clientBytes(remote.getAddress());
    client.reading(false);
  }

  /** The IP literal and port of address, or fallback when it has none (a PROXY UNKNOWN header). */
  private static InetSocketAddress inet(io.vertx.core.net.SocketAddress address,
      java.net.SocketAddress fallback) {
    if (address == null || address.hostAddress() == null || address.port() < 0) {
      return (InetSocketAddress) fallback;
    }
    return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(
        address.hostAddress()), address.port());
  }

  /** Starts the queue timeout and routes the connection. */
  void start() {
    long timeout = loop.options().getQueueTimeout().toMillis();
    if (timeout <= 0) {
      deadlinePassed = true;
    } else {
      deadlineTimer = loop.context().setTimer(timeout, id -> onDeadline());
    }
    route();
  }

  /** Tries the READY slots again: called at start and when a slot becomes routable. */
  void route() {
    if (state != State.NEW && state != State.WAITING) {
      return;
    }
    List<SlotLoad> ready = loop.table().ready();
    if (ready.isEmpty()) {
      await();
      return;
    }
    state = State.CONNECTING;
    try {
      ranking = loop.balancer().ranking(clientAddress, ready);
    } catch (RuntimeException e) {
      log.error("balancer {} failed for client {}; using slot order", loop.balancer(), who, e);
      ranking = ready.stream().map(SlotLoad::slot).toList();
    }
    next = 0;
    connectNext();
  }

  /** Closes the client's socket and the worker's, if any, at once (the router is undeployed). */
  void closeNow() {
    if (backend != null) {
      backend.close();
    }
    client.close();
  }

  private void connectNext() {
    while (next < ranking.size()) {
      Optional<SlotRoute> route = loop.table().acquire(ranking.get(next++));
      if (route.isPresent()) {
        SlotRoute chosen = route.get();
        loop.netClient().connect(chosen.backend()).onComplete(ar -> connected(chosen, ar));
        return;
      }
    }
    await();
  }

  private void connected(SlotRoute route, AsyncResult<NetSocket> ar) {
    if (ar.failed()) {
      loop.table().release(route);
      if (state == State.CLOSED) {
        return;
      }
      boolean more = next < ranking.size();
      log.warn("slot {} gen {} - cannot connect client {} to {}: {}; {}", route.slot(),
          route.gen(), who, route.backend(), ar.cause(),
          more ? "trying slot " + ranking.get(next) : "no other READY slot");
      connectNext();
      return;
    }
    NetSocket socket = ar.result();
    if (state == State.CLOSED) {
      loop.table().release(route);
      socket.close();
      return;
    }
    forward(route, socket);
  }

  private void forward(SlotRoute route, NetSocket socket) {
    state = State.FORWARDING;
    cancelDeadline();
    loop.stats().countRouted(route.slot());
    String name = "slot " + route.slot() + " gen " + route.gen() + " (client " + who + ")";
    backend = new Endpoint(socket, loop.context(), name, () -> loop.table().release(route));
    if (loop.options().isProxyProtocol()) {
      backend.write(Unpooled.copiedBuffer(ProxyHeader.v1(remote, local),
          StandardCharsets.US_ASCII));
    }
    log.debug("client {} -> slot {} gen {} ({}) after {} ms", who, route.slot(), route.gen(),
        route.backend(), elapsedMillis());
    new Splice(client, backend, loop.context(), ClientTimeouts.LINGER).start();
  }

  private void await() {
    if (deadlinePassed) {
      answer503();
      return;
    }
    if (state != State.WAITING) {
      loop.stats().countQueued();
      log.debug("client {} - no READY worker, waiting up to {} ms", who,
          loop.options().getQueueTimeout().toMillis());
    }
    state = State.WAITING;
    loop.await(this);
  }

  private void onDeadline() {
    deadlineTimer = -1;
    deadlinePassed = true;
    if (state == State.WAITING) {
      loop.stopAwaiting(this);
      answer503();
    }
  }

  private void answer503() {
    state = State.ANSWERING;
    loop.stats().countUnavailable();
    cancelDeadline();
    log.warn("no READY worker for client {} after {} ms ({}) - answering 503", who,
        elapsedMillis(), loop.table());
    new UnavailableAnswer(client, loop.context(), ClientTimeouts.HEAD_TIMEOUT,
        ClientTimeouts.LINGER)
        .start();
  }

  private void onClientClosed() {
    if (state == State.WAITING) {
      loop.stopAwaiting(this);
    }
    state = State.CLOSED;
    cancelDeadline();
    loop.closed(this);
  }

  private void cancelDeadline() {
    if (deadlineTimer >= 0) {
      loop.context().owner().cancelTimer(deadlineTimer);
      deadlineTimer = -1;
    }
  }

  private long elapsedMillis() {
    return (System.nanoTime() - acceptedNanos) / 1_000_000;
  }
}
