package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.protocol.Messenger;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one worker process knows about itself while it runs: its slot, where {@code serve()}
 * listens, and every server it must drain before it exits. There is one per worker JVM; a
 * verticle deployed outside a ClusterKit worker finds none and runs standalone.
 */
public final class WorkerRuntime {

  private static volatile WorkerRuntime current;

  private final int slot;
  private final int gen;
  private final SocketAddress serveAddress;
  private final boolean proxyProtocol;
  private final HandoffIntake handoff;
  private final boolean reusePort;
  private final List<DrainableServer> servers = new CopyOnWriteArrayList<>();
  private final List<DrainableServer> probeServers = new CopyOnWriteArrayList<>();
  private volatile SocketAddress probeAddress;
  /** The probe of the worker's own servers, when it has no serve() and -health is on. */
  private volatile OwnListenProbe ownProbe;
  private volatile boolean probeTls;
  private volatile Messenger messenger;
  private volatile SharedListens shared;
  private final List<Runnable> servingListeners = new CopyOnWriteArrayList<>();

  /**
   * Creates a runtime.
   *
   * @param slot the worker's slot
   * @param gen the process generation within the slot
   * @param serveAddress where {@code serve()} binds
   * @param proxyProtocol whether connections arrive prefixed with a PROXY protocol header
   */
  public WorkerRuntime(int slot, int gen, SocketAddress serveAddress, boolean proxyProtocol) {
    this(slot, gen, serveAddress, proxyProtocol, null, false);
  }

  /**
   * Creates a runtime whose servers listen on the public address themselves, with
   * {@code SO_REUSEPORT}, beside the other workers' (the reuseport strategy: no router).
   *
   * @param slot the worker's slot
   * @param gen the process generation within the slot
   * @param publicAddress the cluster's public host and port
   * @param proxyProtocol whether clients' connections start with a PROXY protocol header
   * @return the runtime
   */
  public static WorkerRuntime reusePort(int slot, int gen, SocketAddress publicAddress,
      boolean proxyProtocol) {
    return new WorkerRuntime(slot, gen, publicAddress, proxyProtocol, null, true);
  }

  /**
   * Creates a runtime whose servers take sockets handed over by the launcher: each listens
   * privately on 127.0.0.1 and is claimed by handoff as soon as it is bound.
   *
   * @param slot the worker's slot
   * @param gen the process generation within the slot
   * @param handoff where handed-off sockets go
   * @return the runtime
   */
  public static WorkerRuntime handoff(int slot, int gen, HandoffIntake handoff) {
    return new WorkerRuntime(slot, gen, SocketAddress.inetSocketAddress(0, "127.0.0.1"),
        handoff.proxyProtocol(), handoff, false);
  }

  private WorkerRuntime(int slot, int gen, SocketAddress serveAddress, boolean proxyProtocol,
      HandoffIntake handoff, boolean reusePort) {
    this.slot = slot;
    this.gen = gen;
    this.serveAddress = serveAddress;
    this.proxyProtocol = proxyProtocol;
    this.handoff = handoff;
    this.reusePort = reusePort;
  }

  /**
   * Installs the runtime of this process.
   *
   * @param runtime the runtime, or null to remove it
   */
  public static void install(WorkerRuntime runtime) {
    current = runtime;
  }

  /** @return the runtime of this worker process, or null outside a ClusterKit worker */
  public static WorkerRuntime current() {
    return current;
  }

  /** @return the slot */
  public int slot() {
    return slot;
  }

  /** @return the generation */
  public int gen() {
    return gen;
  }

  /** @return the address {@code serve()} binds */
  public SocketAddress serveAddress() {
    return serveAddress;
  }

  /** @return whether connections carry a PROXY protocol header */
  public boolean proxyProtocol() {
    return proxyProtocol;
  }

  /** @return whether servers share the public port with the other workers' (SO_REUSEPORT) */
  public boolean reusePort() {
    return reusePort;
  }

  /** @return where handed-off sockets go, or null when connections are forwarded */
  public HandoffIntake handoff() {
    return handoff;
  }

  /** @return this worker's messenger, or null before the cluster is joined */
  public Messenger messenger() {
    return messenger;
  }

  /**
   * Sets this worker's messenger, once its clustered Vert.x exists.
   *
   * @param messenger the messenger
   */
  public void messenger(Messenger messenger) {
    this.messenger = Objects.requireNonNull(messenger, "messenger");
  }

  /**
   * @return where {@code serve()} also listens for the launcher's health checks, or null when
   *     the launcher runs none
   */
  public SocketAddress probeAddress() {
    return probeAddress;
  }

  /**
   * Asks every {@code serve()} from now on to listen for the launcher's health checks too.
   *
   * @param address a Unix domain socket in the launcher's private directory, a loopback address
   *     (port 0 until the first server is bound), or null for no health check
   */
  public void probeAddress(SocketAddress address) {
    this.probeAddress = address;
  }

  /**
   * Records a server bound for the launcher's health checks: drained with the others, never
   * counted in the worker's connections or requests.
   *
   * @param server a server bound on {@link #probeAddress()}
   */
  public void registerProbe(DrainableServer server) {
    probeServers.add(Objects.requireNonNull(server, "server"));
  }

  /**
   * Has the launcher's health checks reach a server of the worker's own through a probe, when
   * the worker has no {@code serve()}: {@link #probeAddress()} becomes the probe's.
   *
   * @param probe the probe, listening
   * @param tls whether the server it reaches speaks TLS
   */
  void ownProbe(OwnListenProbe probe, boolean tls) {
    this.ownProbe = Objects.requireNonNull(probe, "probe");
    this.probeTls = tls;
    this.probeAddress = probe.address();
  }

  /** @return whether the checks reach a server of the worker's own, not {@code serve()}'s */
  boolean ownProbed() {
    return ownProbe != null;
  }

  /** @return whether the server the health checks reach speaks TLS */
  public boolean probeTls() {
    return probeTls;
  }

  /** @return whether a server listens for the launcher's health checks */
  public boolean probed() {
    return !probeServers.isEmpty() || ownProbe != null;
  }

  /**
   * Records a server to drain at stop and, with socket hand-off, has the launcher open the port
   * of {@code serve()} (once, when not yet open) and claims the server as a target.
   *
   * @param server a server bound by {@code serve()}
   * @return a future completed once the server can be given connections
   */
  public Future<Void> register(DrainableServer server) {
    if (handoff == null) {
      servers.add(server);
      servingNow();
      return Future.succeededFuture();
    }
    SharedListens listens = shared;
    // serve()'s port opens on the first serve() of any worker when -port was not given
    Future<Void> opened = listens == null ? Future.succeededFuture() : listens.openMain();
    return opened.compose(v -> handoff.claim(server))
        .onSuccess(v -> {
          servers.add(server);
          servingNow();
        })
        .recover(e -> server.httpServer().close().transform(ar -> Future.failedFuture(e)));
  }

  /** @return whether a server takes connections: {@code serve()}'s, or a shared listen's */
  public boolean serving() {
    SharedListens listens = shared;
    return !servers.isEmpty() || listens != null && listens.servers() > 0;
  }

  /**
   * Shares the listens of the user's own servers through the launcher (socket hand-off only).
   *
   * @param listens the worker's shared listens
   */
  void share(SharedListens listens) {
    this.shared = listens;
  }

  /**
   * Waits for a first server to take connections, for at most a while: a verticle may call
   * {@code listen} without waiting for it, so the bind ends after the deployment.
   *
   * @param vertx the worker's Vert.x, for the timer
   * @param wait how long to wait at most
   * @return a future completed with whether a server takes connections
   */
  public Future<Boolean> awaitServing(Vertx vertx, Duration wait) {
    if (serving()) {
      return Future.succeededFuture(true);
    }
    Promise<Boolean> result = Promise.promise();
    Runnable listener = () -> result.tryComplete(true);
    servingListeners.add(listener);
    long timer = vertx.setTimer(Math.max(1, wait.toMillis()),
        id -> result.tryComplete(serving()));
    if (serving()) {
      result.tryComplete(true);
    }
    return result.future().onComplete(ar -> {
      servingListeners.remove(listener);
      vertx.cancelTimer(timer);
    });
  }

  /** Tells those waiting in {@link #awaitServing} that a server takes connections now. */
  void servingNow() {
    servingListeners.forEach(Runnable::run);
  }

  /**
   * Drains every server.
   *
   * @param grace how long the drain may take
   * @return a future completed when every server has drained
   */
  public Future<Void> drainAll(Duration grace) {
    if (handoff != null) {
      handoff.stopTaking();
    }
    List<Future<Void>> drains = new ArrayList<>();
    Future<Void> quiet = handoff == null ? Future.succeededFuture() : handoff.quiet();
    for (DrainableServer server : servers) {
      drains.add(server.drain(grace, quiet));
    }
    for (DrainableServer server : probeServers) {
      drains.add(server.drain(grace));
    }
    OwnListenProbe own = ownProbe;
    if (own != null) {
      own.close();
    }
    SharedListens listens = shared;
    if (listens != null) {
      drains.add(listens.drain(grace));
    }
    return Future.join(drains).mapEmpty();
  }

  /** @return every request received by every server so far */
  public long requestsReceived() {
    long total = 0;
    for (DrainableServer server : servers) {
      total += server.requestsReceived();
    }
    SharedListens listens = shared;
    return listens == null ? total : total + listens.requests();
  }

  /** @return open connections over every server */
  public int openConnections() {
    int total = 0;
    for (DrainableServer server : servers) {
      total += server.openConnections();
    }
    SharedListens listens = shared;
    return listens == null ? total : total + listens.openConnections();
  }
}
