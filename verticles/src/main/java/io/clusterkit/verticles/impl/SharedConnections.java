package io.clusterkit.verticles.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.Http1xOrH2CHandler;
import io.vertx.core.net.impl.VertxHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections handed to the servers a worker's own code listens with (a shared
 * {@code listen(port)}, see {@link SharedListens}), drained at stop as {@code serve()}'s are:
 * every HTTP/1.x connection gets the same {@link Http1DrainHandler} (answers for requests already
 * received, {@code Connection: close} on the next response, 1001 for WebSockets), and whatever
 * is still open at the grace deadline is closed. A connection ClusterKit cannot read into (a raw
 * {@code NetServer}'s protocol, HTTP/2) is only closed at the deadline, or when it ends first.
 *
 * <p>Vert.x builds an HTTP/1.x connection's pipeline when the connection starts, or, with h2c
 * on (Vert.x's default) or TLS, while the first bytes pass its h2c detector or TLS handler: a
 * spotter in each pipeline adds the drain handler as soon as Vert.x's handler is there (see
 * {@link Spotter}). It also counts the requests received, for the heartbeat and
 * {@code -max-requests}.
 */
final class SharedConnections {

  private static final Logger log = LoggerFactory.getLogger(SharedConnections.class);
  private static final String SPOTTER = "clusterkitSharedSpotter";
  /**
   * Reads after which a connection with no HTTP/1.x pipeline is taken for one that never gets
   * one: TLS and h2c build it within the first two or three.
   */
  private static final int GIVE_UP_READS = 8;

  private final String name;
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder requests = new LongAdder();
  private volatile boolean draining;
  private Promise<Void> drained;

  private final boolean proxyProtocol;

  /**
   * Creates the tracking of one worker's shared connections.
   *
   * @param name what log lines call the worker
   * @param proxyProtocol whether each socket comes with the PROXY header the launcher read
   */
  SharedConnections(String name, boolean proxyProtocol) {
    this.name = name;
    this.proxyProtocol = proxyProtocol;
  }

  /** @return whether the drain has begun */
  boolean draining() {
    return draining;
  }

  /** @return the HTTP requests the shared servers have received */
  long requests() {
    return requests.sum();
  }

  /** @return the shared connections open now */
  int open() {
    return open.size();
  }

  /**
   * Tracks a connection handed to a shared server, before its server sees it.
   *
   * @param child the connection's channel, not yet registered
   */
  void track(Channel child) {
    open.add(child);
    child.closeFuture().addListener(f -> closed(child));
    // after the PROXY header's replay (see PrefixReplay), before the server's own handlers
    if (proxyProtocol) {
      child.pipeline().addLast(new HAProxyMessageDecoder(), new ProxyAddress());
    }
    child.pipeline().addLast(SPOTTER, new Spotter(0));
  }

  /**
   * Drains every shared connection: HTTP/1.x ones close after their next response, the rest at
   * the deadline.
   *
   * @param vertx the worker's Vert.x, for the deadline's timer
   * @param grace how long connections may stay open
   * @return a future completed once every shared connection is closed
   */
  Future<Void> drain(Vertx vertx, Duration grace) {
    Promise<Void> promise = Promise.promise();
    synchronized (this) {
      if (drained != null) {
        return drained.future();
      }
      drained = promise;
      draining = true;
    }
    if (!open.isEmpty()) {
      log.info("{} - draining {} connections of its own servers", name, open.size());
    }
    for (Channel channel : open) {
      Http1DrainHandler http1 = channel.pipeline().get(Http1DrainHandler.class);
      channel.eventLoop().execute(http1 != null ? http1::startDrain
          : () -> Http1DrainHandler.goAway(channel.pipeline()));
    }
    long timer = vertx.setTimer(Math.max(1, grace.toMillis()), id -> {
      if (!open.isEmpty()) {
        log.info("{} - grace period over, closing {} connections of its own servers", name,
            open.size());
      }
      open.forEach(Channel::close);
      finishIfEmpty();
    });
    promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    finishIfEmpty();
    return promise.future();
  }

  private void closed(Channel child) {
    open.remove(child);
    if (draining) {
      finishIfEmpty();
    }
  }

  private void finishIfEmpty() {
    Promise<Void> promise;
    synchronized (this) {
      promise = drained;
    }
    if (promise != null && open.isEmpty()) {
      promise.tryComplete();
    }
  }

  /**
   * Adds the drain handler to an HTTP/1.x connection once Vert.x has built its pipeline. Vert.x
   * builds it while the first bytes pass one of its handlers (the h2c detector, the TLS handler):
   * the spotter then waits right after that handler, so that it sees those first bytes after
   * the pipeline is built and before they are decoded, and the first request is counted too.
   */
  private final class Spotter extends ChannelInboundHandlerAdapter {

    private int reads;

    Spotter(int reads) {
      this.reads = reads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ChannelPipeline pipeline = ctx.pipeline();
      if (++reads > GIVE_UP_READS || spot(pipeline)) {
        pipeline.remove(this);
      } else {
        String builder = builderAfter(pipeline, ctx.name());
        if (builder != null) {
          pipeline.remove(this);
          pipeline.addAfter(builder, SPOTTER, new Spotter(reads));
        }
      }
      ctx.fireChannelRead(msg);
    }

    /** @return the name of a handler after this one that builds the pipeline later, or null */
    private String builderAfter(ChannelPipeline pipeline, String self) {
      boolean after = false;
      for (Map.Entry<String, ChannelHandler> entry : pipeline) {
        if (entry.getKey().equals(self)) {
          after = true;
        } else if (after && (entry.getValue() instanceof Http1xOrH2CHandler
            || entry.getValue() instanceof SslHandler
            || entry.getValue() instanceof AbstractSniHandler<?>)) {
          return entry.getKey();
        }
      }
      return null;
    }

    /** @return true once the drain handler is in */
    private boolean spot(ChannelPipeline pipeline) {
      if (pipeline.get(Http1DrainHandler.NAME) != null) {
        return true;
      }
      if (!(pipeline.get("handler") instanceof VertxHandler<?>)
          || pipeline.get("httpDecoder") == null) {
        return false; // not built yet, or never: a raw NetServer's connection, HTTP/2
      }
      pipeline.addBefore("handler", Http1DrainHandler.NAME,
          new Http1DrainHandler(inFlight, requests, SharedConnections.this::draining));
      if (draining) {
        ((Http1DrainHandler) pipeline.get(Http1DrainHandler.NAME)).startDrain();
      }
      return true;
    }
  }
}
