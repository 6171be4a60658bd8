package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.ListenRequest;
import io.netty.channel.ServerChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of a shared {@code listen(port)}: what Node's workers do when their code calls
 * {@code server.listen(8000)}. A server of the user's own (any {@code HttpServer} or
 * {@code NetServer}, in a verticle or a module) that binds a port other than 0 is bound privately
 * instead (see {@link ListenInterceptor}); this asks the launcher to open the public port
 * ({@link ListenRequest.Op#OPEN}), claims the server's channel for the sockets the launcher hands
 * over, and has the launcher route the port to it ({@link ListenRequest.Op#SERVE}). The port
 * {@code serve()} uses (the launcher's {@code -port}) reaches the worker's main hand-off socket;
 * every other port gets a hand-off socket of its own ({@link ListenRequest#socketPath}). Every
 * shared server's connections are drained at stop ({@link SharedConnections}).
 */
final class SharedListens implements ListenInterceptor.Sharing {

  private static final Logger log = LoggerFactory.getLogger(SharedListens.class);
  private static final long ASK_TIMEOUT_MILLIS = 10_000;

  private final String name;
  private final int slot;
  private final int gen;
  private final RecordingTransport transport;
  private final HandoffIntake main;
  private final Path mainSocket;
  private final Runnable onServing;
  private final SharedConnections connections;
  private final Map<Integer, Future<HandoffIntake>> ports = new ConcurrentHashMap<>();
  private final AtomicInteger servers = new AtomicInteger();
  /** The shared servers in the order they took connections. */
  private final List<Share> shares = new CopyOnWriteArrayList<>();
  private volatile Vertx vertx;

  /**
   * Creates the shared listens of one worker.
   *
   * @param slot the worker's slot
   * @param gen its generation
   * @param transport the transport its Vert.x is built with
   * @param main the intake of its main hand-off socket
   * @param mainSocket that socket's path
   * @param onServing run each time a shared server starts taking connections
   */
  SharedListens(int slot, int gen, RecordingTransport transport, HandoffIntake main,
      Path mainSocket, Runnable onServing) {
    this.name = "slot " + slot + " gen " + gen;
    this.slot = slot;
    this.gen = gen;
    this.transport = transport;
    this.main = main;
    this.mainSocket = mainSocket;
    this.onServing = onServing;
    this.connections = new SharedConnections(name, main.proxyProtocol());
  }

  /**
   * Starts sharing: listens are shared from now on.
   *
   * @param vertx the worker's clustered Vert.x, which reaches the launcher
   */
  void start(Vertx vertx) {
    this.vertx = vertx;
    transport.share(this);
  }

  /** @return how many servers of the user's own take connections through the launcher */
  int servers() {
    return servers.get();
  }

  /** @return the HTTP requests those servers have received */
  long requests() {
    return connections.requests();
  }

  /** @return the connections open on those servers */
  int openConnections() {
    return connections.open();
  }

  @Override
  public Future<Void> share(ServerChannel channel, InetSocketAddress requested) {
    Vertx current = vertx;
    String host = requested.getHostString();
    int port = requested.getPort();
    OwnServerKind kind = OwnServerKind.of(current, port);
    return ask(current, ListenRequest.Op.OPEN, host, port).compose(reply -> {
      if (reply.getBoolean(ListenRequest.MAIN, false)) {
        main.claim(channel, connections::draining, connections::track);
        return Future.succeededFuture(true);
      }
      return intake(current, port).compose(intake -> {
        intake.claim(channel, connections::draining, connections::track);
        return ask(current, ListenRequest.Op.SERVE, host, port).map(false);
      });
    }).<Void>map(onMain -> {
      servers.incrementAndGet();
      Share share = new Share(channel, port, onMain, kind);
      shares.add(share);
      channel.closeFuture().addListener(f -> {
        servers.decrementAndGet();
        shares.remove(share);
      });
      return null;
    }).onSuccess(v -> {
      log.info("{} - its own server on {}:{} takes the connections the launcher accepts there",
          name, host, port);
      onServing.run();
    });
  }

  /**
   * Listens for the launcher's health checks of this worker's own servers (with {@code -health},
   * for a worker with no {@code serve()}): they reach the server of {@code -port} when it is an
   * HTTP server of the worker's own, else the first HTTP server it shared, through an
   * {@link OwnListenProbe}.
   *
   * @param verticle the verticle's class name, for the error
   * @return a future completed with the probe once it listens, or failed when the worker shares
   *     no HTTP server (a raw {@code NetServer}'s protocol has no health path)
   */
  Future<OwnListenProbe> listenForProbes(String verticle) {
    Share checked = checked();
    if (checked == null) {
      StringBuilder ports = new StringBuilder();
      for (Share share : shares) {
        ports.append(ports.length() == 0 ? "" : ", ").append(share.port());
      }
      return Future.failedFuture("-health checks an HTTP server, and verticle " + verticle
          + " shares only raw TCP servers (port " + ports + "), whose protocol has no health"
          + " path: drop -health, or serve HTTP too");
    }
    return OwnListenProbe.listen(vertx, transport, name, () -> {
      Share now = checked();
      return now == null ? null : now.channel();
    }).onSuccess(probe -> log.info("{} - the launcher's health checks reach its own {}server on "
        + "port {} (through {})", name, checked.kind().tls() ? "TLS " : "", checked.port(),
        probe.address()));
  }

  /** @return whether the server health checks reach speaks TLS */
  boolean checkedTls() {
    Share checked = checked();
    return checked != null && checked.kind().tls();
  }

  /** @return the open HTTP server health checks reach: -port's, else the first shared; or null */
  private Share checked() {
    Share first = null;
    for (Share share : shares) {
      if (share.kind().http() && share.channel().isActive()) {
        if (share.main()) {
          return share;
        }
        first = first == null ? share : first;
      }
    }
    return first;
  }

  /**
   * Has the launcher open the port of {@code serve()} ({@link ListenRequest.Op#MAIN}), which it
   * opens on the first {@code serve()} of any worker when {@code -port} was not given.
   *
   * @return a future completed once the port is open, or failed with why it cannot be
   */
  Future<Void> openMain() {
    Vertx current = vertx;
    if (current == null) {
      return Future.failedFuture("serve() before the worker joined the cluster");
    }
    return ask(current, ListenRequest.Op.MAIN, "", 0).mapEmpty();
  }

  /** The intake of a port's own hand-off socket, listening once for every server on it. */
  private Future<HandoffIntake> intake(Vertx current, int port) {
    return ports.computeIfAbsent(port, p -> {
      HandoffIntake intake = new HandoffIntake(name + " port " + p, transport,
          main.proxyProtocol());
      return intake.listen(current, ListenRequest.socketPath(mainSocket, p)).map(intake);
    });
  }

  private Future<JsonObject> ask(Vertx current, ListenRequest.Op op, String host, int port) {
    ListenRequest request = new ListenRequest(op, slot, gen, host, port);
    Promise<JsonObject> answer = Promise.promise();
    current.eventBus().<JsonObject>request(Addresses.local(Addresses.LAUNCHER_LISTEN), request.toJson(),
            new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MILLIS))
        .onSuccess(reply -> answer.complete(reply.body() == null ? new JsonObject()
            : reply.body()))
        .onFailure(e -> answer.fail("cannot listen on " + request.where() + ": "
            + e.getMessage()));
    return answer.future();
  }

  /** Every shared port takes no more sockets: the launcher gives them to other workers. */
  void stopTaking() {
    for (Future<HandoffIntake> port : ports.values()) {
      port.onSuccess(HandoffIntake::stopTaking);
    }
  }

  /**
   * Drains the shared servers' connections.
   *
   * @param grace how long they may stay open
   * @return a future completed once they are all closed
   */
  Future<Void> drain(Duration grace) {
    stopTaking();
    Vertx current = vertx;
    if (current == null) {
      return Future.succeededFuture();
    }
    return connections.drain(current, grace);
  }

  /** A server of the worker's own that takes the connections of a shared port. */
  private record Share(ServerChannel channel, int port, boolean main, OwnServerKind kind) {
  }
}
