package io.clusterkit.verticles.impl;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Drain logic of one HTTP/1.x connection, placed in its Netty pipeline just before Vert.x's own
 * handler so that it sees decoded requests and responses before encoding.
 *
 * <p>Vert.x closes an HTTP/1.x connection after a response only when the <em>request</em> was
 * not keep-alive; a {@code Connection: close} response header alone does not make it close, and
 * for an HTTP/1.0 keep-alive request it writes {@code Connection: keep-alive}. So while draining,
 * this handler sets {@code Connection: close} on the response head of the last request received
 * (a pipelined request already received gets its answer first), closes the channel once that
 * response's last byte is written, and discards requests that arrive after that head. After a
 * WebSocket upgrade (101) it only sends the 1001 close when the drain starts. Confined to the
 * channel's event loop, except the shared in-flight counter.
 */
final class Http1DrainHandler extends ChannelDuplexHandler {

  static final String NAME = "clusterkitDrain";

  private static final String GOING_AWAY_REASON = "server is draining";

  private final AtomicInteger serverInFlight;
  private final BooleanSupplier serverDraining;
  private final LongAdder requests;
  private ChannelHandlerContext ctx;
  private int received;
  private int started;
  private int completed;
  private boolean closeAfterResponse;
  private boolean discarding;
  private boolean upgraded;
  private boolean goingAwaySent;

  Http1DrainHandler(AtomicInteger serverInFlight, BooleanSupplier serverDraining) {
    this(serverInFlight, null, serverDraining);
  }

  /**
   * Creates the handler of one connection that also counts its requests.
   *
   * @param serverInFlight the requests in flight over the server's connections
   * @param requests where each request received is counted, or null
   * @param serverDraining says whether the server drains
   */
  Http1DrainHandler(AtomicInteger serverInFlight, LongAdder requests,
      BooleanSupplier serverDraining) {
    this.serverInFlight = serverInFlight;
    this.requests = requests;
    this.serverDraining = serverDraining;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Starts draining this connection; runs on its event loop. */
  void startDrain() {
    // a WebSocket upgraded before this handler was added (see SharedConnections) is one too
    sendGoingAway();
    // Otherwise the response heads written from now on consult serverDraining, and an idle
    // connection stays open until the deadline.
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!upgraded && (discarding || closeAfterResponse && msg instanceof HttpRequest)) {
      discarding = true;
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!upgraded && msg instanceof HttpRequest) {
      received++;
      serverInFlight.incrementAndGet();
      if (requests != null) {
        requests.increment();
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (upgraded) {
      ctx.write(msg, promise);
      return;
    }
    if (msg instanceof HttpResponse) {
      HttpResponse head = (HttpResponse) msg;
      int code = head.status().code();
      if (code == 101) {
        upgraded = true;
        respondedTo(1);
        ctx.write(msg, promise);
        if (serverDraining.getAsBoolean()) {
          // Vert.x swaps in the WebSocket connection right after writing the 101: send after it.
          ctx.executor().execute(this::sendGoingAway);
        }
        return;
      }
      if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        ctx.write(msg, promise);
        return;
      }
      started++;
      if (serverDraining.getAsBoolean() && received <= started) {
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closeAfterResponse = true;
      }
    }
    if (msg instanceof LastHttpContent && started > completed) {
      completed++;
      serverInFlight.decrementAndGet();
      if (closeAfterResponse && completed == started) {
        ChannelPromise written = promise.unvoid();
        written.addListener((ChannelFutureListener) f -> f.channel().close());
        ctx.write(msg, written);
        return;
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    respondedTo(received - completed);
    ctx.fireChannelInactive();
  }

  private void respondedTo(int requests) {
    if (requests > 0) {
      completed += requests;
      started = Math.max(started, completed);
      serverInFlight.addAndGet(-requests);
    }
  }

  private void sendGoingAway() {
    if (!goingAwaySent && ctx.channel().isActive()) {
      goingAwaySent = goAway(ctx.pipeline());
    }
  }

  /**
   * Sends a WebSocket's 1001 close frame, if the connection is a WebSocket; on its event loop.
   *
   * @param pipeline the connection's pipeline
   * @return whether it was a WebSocket, now closing
   */
  static boolean goAway(ChannelPipeline pipeline) {
    ChannelHandler handler = pipeline.get("handler");
    if (!(handler instanceof VertxHandler)) {
      return false;
    }
    ConnectionBase conn = ((VertxHandler<?>) handler).getConnection();
    // A WebSocket connection is neither the HTTP connection nor a NetSocket (a CONNECT tunnel).
    if (conn != null && !(conn instanceof HttpConnection) && !(conn instanceof NetSocket)) {
      conn.close(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE,
          GOING_AWAY_REASON));
      return true;
    }
    return false;
  }
}
