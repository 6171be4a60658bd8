package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.protocol.ConnectionLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HttpServer} that tracks its connections so that it can be drained without dropping a
 * request: what {@code ClusterVerticle.serve()} binds.
 *
 * <p>Draining answers every request already received or arriving on an open connection, gives
 * each HTTP/1.x response written from then on {@code Connection: close} (when no pipelined
 * request waits behind it) and closes the connection once that response is written; idle
 * connections stay open until the grace deadline, WebSockets get a 1001 close frame at once,
 * HTTP/2 connections get a GOAWAY. {@code HttpServer.shutdown} alone would close idle keep-alive
 * connections at once and drop late requests.
 *
 * <p>HTTP/2 over cleartext (h2c) is turned off in the server's copy of the options: with it on,
 * Vert.x announces a cleartext connection only once its first request head has arrived, so a
 * connection that has not sent one could be neither waited for nor closed at the deadline.
 * HTTP/2 over TLS (ALPN) is kept. Per-connection state lives on each channel's event loop; the
 * counters and the connection table are thread-safe.
 */
public final class DrainableServer {

  private static final Logger log = LoggerFactory.getLogger(DrainableServer.class);

  private final VertxInternal vertx;
  private final HttpServer server;
  private volatile String name;
  private final Map<Channel, HttpConnection> connections = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder received = new LongAdder();
  private volatile boolean draining;
  private Promise<Void> drained;
  private long deadlineNanos;
  private long deadlineTimer = -1;
  private boolean finished;
  private volatile Future<Void> quietBeforeClose = Future.succeededFuture();
  private boolean awaitingQuiet;
  private final ConnectionLimits limits;
  private final StallGuard.Tally stalls = new StallGuard.Tally();
  private final LongAdder refused = new LongAdder();
  private final AtomicBoolean full = new AtomicBoolean();
  /** Connections of every limited server of this process: the limit is the worker's. */
  private static final AtomicInteger LIMITED_OPEN = new AtomicInteger();
  /** The connection limit of this worker's limited servers, 0 for none. */
  private static volatile int processMax;

  private DrainableServer(Vertx vertx, HttpServer server, SocketAddress address,
      ConnectionLimits limits) {
    this.limits = limits;
    this.vertx = (VertxInternal) vertx;
    this.server = server;
    this.name = "server " + address;
  }

  /**
   * Binds an HttpServer created from a copy of options on address, serving handler, with
   * connection tracking.
   *
   * @param vertx the Vert.x instance; a domain socket address needs its native transport
   * @param options the server options, copied (h2c is turned off in the copy)
   * @param handler the handler of every request
   * @param address an inet address, or a Unix domain socket address
   * @return a future completed with the listening server, or failed when it cannot bind
   */
  public static Future<DrainableServer> listen(Vertx vertx, HttpServerOptions options,
      Handler<HttpServerRequest> handler, SocketAddress address) {
    return listen(vertx, options, ConnectionLimits.NONE, handler, address);
  }

  /**
   * Binds as {@link #listen(Vertx, HttpServerOptions, Handler, SocketAddress)}, with limits on
   * stalled clients and on the number of connections.
   *
   * @param vertx the Vert.x instance; a domain socket address needs its native transport
   * @param options the server options, copied (h2c is turned off in the copy)
   * @param limits the head, request and keep-alive timeouts and the connection limit
   * @param handler the handler of every request
   * @param address an inet address, or a Unix domain socket address
   * @return a future completed with the listening server, or failed when it cannot bind
   */
  public static Future<DrainableServer> listen(Vertx vertx, HttpServerOptions options,
      ConnectionLimits limits, Handler<HttpServerRequest> handler, SocketAddress address) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(address, "address");
    if (address.isDomainSocket() && !vertx.isNativeTransportEnabled()) {
      return Future.failedFuture("cannot listen on unix:" + address.path()
          + ": the Vert.x native transport is not enabled (setPreferNativeTransport(true))");
    }
    HttpServerOptions copy = new HttpServerOptions(options).setHttp2ClearTextEnabled(false);
    HttpServer server = vertx.createHttpServer(copy);
    DrainableServer drainable = new DrainableServer(vertx, server, address, limits);
    if (limits.maxConnections() > 0) {
      processMax = limits.maxConnections();
    }
    server.connectionHandler(drainable::onConnection).requestHandler(request -> {
      drainable.received.increment();
      handler.handle(request);
    });
    return server.listen(address).map(bound -> {
      if (address.isInetSocket()) {
        drainable.name = "server " + address.host() + ":" + bound.actualPort();
      }
      return drainable;
    });
  }

  /** @return the underlying server */
  public HttpServer httpServer() {
    return server;
  }

  /** @return the number of connections open now */
  public int openConnections() {
    return connections.size();
  }

  /**
   * Says whether this worker holds as many connections as its limit allows, so that a socket
   * handed to it now is closed before anything is made of it.
   *
   * @param taken the connections the caller has made and not seen closed, some of which this
   *     server may not have seen yet
   * @return true at the limit
   */
  public static boolean full(int taken) {
    int max = processMax;
    return max > 0 && Math.max(taken, LIMITED_OPEN.get()) >= max;
  }

  /** @return the connections closed because their client stalled, by cause, for logs */
  public String stalls() {
    return stalls + ", refused over the connection limit " + refused.sum();
  }

  /** @return every request this server has received */
  public long requestsReceived() {
    return received.sum();
  }

  /** @return the number of HTTP/1.x requests received and not yet fully answered */
  public int inFlightRequests() {
    return inFlight.get();
  }

  /** @return whether {@link #drain} has been called */
  public boolean draining() {
    return draining;
  }

  /**
   * Drains: completes when every connection has closed, at the latest at now+grace after closing
   * what is left. Calling it again returns the first call's future.
   *
   * @param grace how long idle connections may stay open; zero closes them at once
   * @return a future completed once every connection is closed and the server is closed
   */
  public Future<Void> drain(Duration grace) {
    return drain(grace, Future.succeededFuture());
  }

  /**
   * Drains as {@link #drain(Duration)} does, but closes the server, once its connections are
   * closed, only after the sockets handed to it are all accounted for: a socket the hand-off
   * took just before draining began may reach the server after its last connection closed.
   * Closing the server then would cut it before the server saw it; waiting lets it be answered
   * (with {@code Connection: close}) instead. The deadline closes the server regardless.
   *
   * @param grace how long idle connections may stay open; zero closes them at once
   * @param handoffQuiet completed once no handed-off socket is on its way to this server
   * @return a future completed once every connection is closed and the server is closed
   */
  public Future<Void> drain(Duration grace, Future<Void> handoffQuiet) {
    Objects.requireNonNull(handoffQuiet, "handoffQuiet");
    quietBeforeClose = handoffQuiet;
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0, was " + grace);
    }
    long graceMillis = Math.max(1, grace.toMillis());
    Promise<Void> promise;
    synchronized (this) {
      if (drained != null) {
        return drained.future();
      }
      promise = vertx.getOrCreateContext().promise();
      drained = promise;
      deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
      draining = true;
      deadlineTimer = vertx.setTimer(graceMillis, id -> onDeadline());
    }
    log.info("{}: READY -> DRAINING, {} connections open, {} requests in flight, grace {} ms",
        name, connections.size(), inFlight.get(), graceMillis);
    connections.forEach(this::drainConnection);
    finishIfEmpty();
    return promise.future();
  }

  private void onConnection(HttpConnection conn) {
    if (!(conn instanceof ConnectionBase)) {
      log.warn("{}: cannot track a {}, it will not be drained", name, conn.getClass().getName());
      return;
    }
    Channel channel = ((ConnectionBase) conn).channel();
    if (overLimit(channel)) {
      return;
    }
    if (conn instanceof Http1xServerConnection) {
      StallGuard.install(channel, limits, stalls);
      channel.pipeline().addBefore("handler", Http1DrainHandler.NAME,
          new Http1DrainHandler(inFlight, this::draining));
    }
    if (connections.put(channel, conn) == null) {
      channel.closeFuture().addListener(f -> onClosed(channel));
    }
    if (draining) {
      drainConnection(channel, conn);
    }
  }

  private void drainConnection(Channel channel, HttpConnection conn) {
    Http1DrainHandler http1 = channel.pipeline().get(Http1DrainHandler.class);
    if (http1 != null) {
      channel.eventLoop().execute(http1::startDrain);
    } else {
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      conn.shutdown(Math.max(1, left), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Closes a connection past the limit at once, saying so once until the server is below
   * nine tenths of it again.
   */
  private boolean overLimit(Channel channel) {
    int max = limits.maxConnections();
    if (max <= 0) {
      return false;
    }
    if (LIMITED_OPEN.incrementAndGet() <= max) {
      channel.closeFuture().addListener(f -> LIMITED_OPEN.decrementAndGet());
      return false;
    }
    LIMITED_OPEN.decrementAndGet();
    refused.increment();
    if (full.compareAndSet(false, true)) {
      log.warn("{}: {} connections open in this worker, its limit (-max-connections, at most "
          + "what its descriptor limit holds): closing new ones", name, max);
    }
    closeHard(channel);
    return true;
  }

  private void onClosed(Channel channel) {
    connections.remove(channel);
    int max = limits.maxConnections();
    if (max > 0 && LIMITED_OPEN.get() < max - max / 10 && full.compareAndSet(true, false)) {
      log.info("{}: {} connections open in this worker, accepting again ({} refused so far)",
          name, LIMITED_OPEN.get(), refused.sum());
    }
    if (draining) {
      finishIfEmpty();
    }
  }

  private void onDeadline() {
    int left = connections.size();
    if (left > 0) {
      log.info("{}: grace period over, closing {} connections", name, left);
    }
    connections.keySet().forEach(DrainableServer::closeHard);
    finishIfEmpty(true);
  }

  /** Closes from the pipeline's head, not waiting to flush what a stalled client never reads. */
  private static void closeHard(Channel channel) {
    ChannelHandlerContext first = channel.pipeline().firstContext();
    if (first != null) {
      first.close();
    } else {
      channel.close();
    }
  }

  private void finishIfEmpty() {
    finishIfEmpty(false);
  }

  private void finishIfEmpty(boolean deadline) {
    Promise<Void> promise;
    synchronized (this) {
      if (finished || !connections.isEmpty()) {
        return;
      }
      if (!deadline && !quietBeforeClose.isComplete()) {
        if (!awaitingQuiet) {
          awaitingQuiet = true;
          quietBeforeClose.onComplete(ar -> vertx.runOnContext(v -> finishIfEmpty()));
        }
        return;
      }
      finished = true;
      promise = drained;
      vertx.cancelTimer(deadlineTimer);
    }
    server.close().onComplete(ar -> {
      if (ar.succeeded()) {
        log.info("{}: DRAINING -> EXITED ({})", name, stalls());
      } else {
        log.warn("{}: drained, but closing the server failed", name, ar.cause());
      }
      promise.handle(ar);
    });
  }
}
