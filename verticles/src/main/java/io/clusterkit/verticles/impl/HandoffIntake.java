package io.clusterkit.verticles.impl;

import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.sticky.handoff.worker.HandoffReceiver;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of socket hand-off: each server {@code serve()} binds listens privately on
 * 127.0.0.1 (port 0) and is claimed here at once: its Netty server channel (found through the
 * {@link RecordingTransport}) stops accepting, and a guard at the head of its pipeline closes any
 * connection that did not come from the launcher. Sockets the launcher hands over (see
 * {@link HandoffReceiver}) are spread round-robin over the claimed servers that are not draining
 * (one per verticle instance).
 */
public final class HandoffIntake implements HandoffReceiver.Intake {

  private static final Logger log = LoggerFactory.getLogger(HandoffIntake.class);
  private static final String GUARD = "clusterkit-handoff-guard";

  private final String name;
  private final RecordingTransport transport;
  private final boolean proxyProtocol;
  private final List<Target> targets = new CopyOnWriteArrayList<>();
  private final Set<Channel> claimed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger next = new AtomicInteger();
  private volatile HandoffReceiver receiver;
  private volatile boolean stopped;

  /**
   * Creates the intake of one worker.
   *
   * @param name what log lines call the worker, e.g. {@code slot 2 gen 1}
   * @param transport the transport the worker's Vert.x was built with
   */
  public HandoffIntake(String name, RecordingTransport transport) {
    this(name, transport, false);
  }

  /**
   * Creates the intake of one worker behind a launcher that reads PROXY headers, or not.
   *
   * @param name what log lines call the worker, e.g. {@code slot 2 gen 1}
   * @param transport the transport the worker's Vert.x was built with
   * @param proxyProtocol whether each socket comes with the PROXY header the launcher read from
   *     it, which the worker's servers then parse themselves
   */
  public HandoffIntake(String name, RecordingTransport transport, boolean proxyProtocol) {
    this.name = name;
    this.transport = transport;
    this.proxyProtocol = proxyProtocol;
  }

  /** @return whether sockets arrive with their PROXY header, for the servers to parse */
  public boolean proxyProtocol() {
    return proxyProtocol;
  }

  /**
   * Claims the server channel of a server {@code serve()} has bound.
   *
   * @param server the listening server
   * @return a future completed once claimed, or failed when its channel is not found
   */
  public Future<Void> claim(DrainableServer server) {
    int port = server.httpServer().actualPort();
    ServerChannel channel = transport.serverChannel(port, claimed).orElse(null);
    if (channel == null) {
      return Future.failedFuture(name + " - no server channel bound to 127.0.0.1:" + port
          + " to hand sockets to");
    }
    claim(channel, server::draining, null);
    return Future.succeededFuture();
  }

  /**
   * Claims a bound server channel as a target of handed-off sockets: it stops accepting, and a
   * guard at the head of its pipeline closes any connection that did not come from the launcher.
   *
   * @param channel a server channel bound privately on 127.0.0.1
   * @param draining says when the channel's server drains (then it gets no more sockets)
   * @param handedOff told of each socket given to the channel, before its server sees it; may
   *     be null
   */
  public void claim(ServerChannel channel, BooleanSupplier draining,
      Consumer<Channel> handedOff) {
    claimed.add(channel);
    // stop accepting: the kernel still completes handshakes into a backlog of 1 that is never
    // read; Netty lets one accept through while its first read is pending, which the guard closes
    channel.config().setAutoRead(false);
    channel.pipeline().addFirst(GUARD, new Guard(handedOff));
    targets.add(new Target(channel, draining));
    log.debug("{} - server on {} takes handed-off sockets only", name, channel.localAddress());
  }

  /**
   * Gives a connection to a claimed server channel past its guard, as if the channel had accepted
   * it, without telling the channel's hand-off listener: for the worker's own health-check
   * connections (see {@link OwnListenProbe}). Call it on the channel's event loop.
   *
   * @param server a server channel, claimed or not
   * @param child a connection accepted elsewhere, not yet registered
   */
  static void fireUnguarded(ServerChannel server, Channel child) {
    ChannelHandlerContext guard = server.pipeline().context(GUARD);
    if (guard != null) {
      guard.fireChannelRead(child);
    } else {
      server.pipeline().fireChannelRead(child);
    }
  }

  /**
   * Starts receiving sockets from the launcher on a Unix domain socket.
   *
   * @param vertx the worker's Vert.x
   * @param path the hand-off socket path the launcher connects to
   * @return a future completed once listening
   */
  public Future<Void> listen(Vertx vertx, Path path) {
    EventLoop loop = targets.isEmpty()
        ? ((VertxInternal) vertx).acceptorEventLoopGroup().next()
        : targets.get(0).channel.eventLoop();
    return HandoffReceiver.listen(name, path, loop,
        WorkerTransport.of(transport.name()), this, proxyProtocol).map(r -> {
      receiver = r;
      // a worker exiting unasked (System.exit, an uncaught Error) may take seconds in its
      // shutdown hooks: the launcher must not hand it sockets meanwhile
      Runtime.getRuntime().addShutdownHook(new Thread(this::abort, "clusterkit-handoff-abort"));
      if (stopped) {
        r.stopTaking();
      }
      return null;
    });
  }

  /** Takes no more sockets: later ones are refused, and the launcher gives them elsewhere. */
  public void stopTaking() {
    stopped = true;
    HandoffReceiver r = receiver;
    if (r != null) {
      r.stopTaking();
    }
  }

  /**
   * Ends the hand-off links at once, as this worker's death would (see
   * {@link HandoffReceiver#abort()}).
   */
  public void abort() {
    stopped = true;
    HandoffReceiver r = receiver;
    if (r != null) {
      r.abort();
    }
  }

  /**
   * Completes once no handed-off socket is on its way to a server any more (see
   * {@link HandoffReceiver#quiet()}); at once when the receiver never listened.
   *
   * @return a future completed once quiet, after {@link #stopTaking} or {@link #abort}
   */
  public Future<Void> quiet() {
    HandoffReceiver r = receiver;
    return r == null ? Future.succeededFuture() : r.quiet();
  }

  /** @return the event loop the receiver reads descriptors on; null before {@link #listen} */
  EventLoop receiverLoop() {
    HandoffReceiver r = receiver;
    return r == null ? null : r.loop();
  }

  /** @return how many sockets were taken so far */
  public int taken() {
    HandoffReceiver r = receiver;
    return r == null ? 0 : r.taken();
  }

  @Override
  public Channel target() {
    if (stopped) {
      return null;
    }
    int size = targets.size();
    for (int i = 0; i < size; i++) {
      Target target = targets.get(Math.floorMod(next.getAndIncrement(), size));
      if (target.channel.isActive() && !target.draining.getAsBoolean()) {
        return target.channel;
      }
    }
    return null;
  }

  @Override
  public boolean full(int taken) {
    return DrainableServer.full(taken);
  }

  @Override
  public void endOfStream() {
    stopped = true;
  }

  private record Target(ServerChannel channel, BooleanSupplier draining) {
  }

  /**
   * First in a claimed server channel's pipeline: passes on the sockets the receiver fires (made
   * from a descriptor, they have no parent) and closes any the server channel accepted itself (a
   * local process that reached the private port before it stopped accepting).
   */
  private final class Guard extends ChannelInboundHandlerAdapter {

    private final Consumer<Channel> handedOff;

    Guard(Consumer<Channel> handedOff) {
      this.handedOff = handedOff;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Channel child && child.parent() != null) {
        log.warn("{} - closing a connection from {} that reached the private port directly", name,
            child.remoteAddress());
        child.unsafe().closeForcibly();
      } else {
        if (handedOff != null && msg instanceof Channel child) {
          handedOff.accept(child);
        }
        ctx.fireChannelRead(msg);
      }
    }
  }
}
