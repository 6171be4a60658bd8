package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.protocol.ConnectionLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closes an HTTP/1.x connection whose client stalls: a request head still incomplete
 * {@code headerTimeout} after its first byte (answered 408 when no response is under way, as
 * Node does), a request body still incomplete {@code requestTimeout} after its head, or a
 * connection silent for {@code keepAliveTimeout} with no request in progress (a new connection
 * that never sends, a keep-alive connection between requests), or a response of which nothing
 * more could be written for {@code keepAliveTimeout} (nginx's {@code send_timeout}: a client
 * that stopped reading). A response the application is still computing is never cut.
 * WebSockets and other upgrades are left alone after their 101.
 *
 * <p>Two handlers share the state: one before Vert.x's {@code httpDecoder} sees the first raw
 * byte of a head, this one before Vert.x's {@code handler} sees decoded heads, bodies' ends and
 * responses' ends. No timer is armed per request: one check per connection runs at the nearest
 * deadline it can know of, and at the latest every shortest limit, so that a deadline set after
 * it was scheduled is never passed (a deadline is always at least one limit after the state
 * change that sets it). Confined to the channel's event loop.
 */
final class StallGuard extends ChannelDuplexHandler {

  static final String NAME = "clusterkitStall";
  static final String BYTES_NAME = "clusterkitStallBytes";

  private static final ByteBuf REQUEST_TIMEOUT = Unpooled.unreleasableBuffer(
      Unpooled.copiedBuffer("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
          + "Content-Length: 0\r\n\r\n", StandardCharsets.US_ASCII));

  /** Connections a server's guards closed, by cause. */
  static final class Tally {
    final LongAdder headTimeouts = new LongAdder();
    final LongAdder requestTimeouts = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder sendTimeouts = new LongAdder();

    @Override
    public String toString() {
      return "head timeouts " + headTimeouts.sum() + ", request timeouts "
          + requestTimeouts.sum() + ", idle timeouts " + idleTimeouts.sum()
          + ", send timeouts " + sendTimeouts.sum();
    }
  }

  private final long headNanos;
  private final long idleNanos;
  private final long requestNanos;
  private final long checkNanos;
  private final Tally tally;
  private ChannelHandlerContext ctx;
  private ChannelHandlerContext bytesCtx;
  private Ticker ticker;
  private long idleSince;
  private long headStart;
  private long bodyStart;
  private int requests;
  private int responses;
  private long lastPending;
  private long writeProgress;
  private boolean done;
  private ScheduledFuture<?> check;

  private StallGuard(ConnectionLimits limits, Tally tally) {
    this.headNanos = limits.headerTimeout().toNanos();
    this.idleNanos = limits.keepAliveTimeout().toNanos();
    this.requestNanos = limits.requestTimeout().toNanos();
    long shortest = Long.MAX_VALUE;
    for (long limit : new long[] {headNanos, idleNanos, requestNanos}) {
      if (limit > 0) {
        shortest = Math.min(shortest, limit);
      }
    }
    this.checkNanos = shortest;
    this.tally = tally;
  }

  /**
   * Guards an HTTP/1.x channel whose pipeline Vert.x has set up; does nothing when no timeout is
   * on or the channel is not a plain HTTP/1.x one.
   */
  static void install(Channel channel, ConnectionLimits limits, Tally tally) {
    ChannelPipeline pipeline = channel.pipeline();
    if (!limits.timed() || pipeline.get("httpDecoder") == null || pipeline.get("handler") == null
        || pipeline.get(NAME) != null) {
      return;
    }
    StallGuard guard = new StallGuard(limits, tally);
    pipeline.addBefore("httpDecoder", BYTES_NAME, guard.new HeadBytes());
    pipeline.addBefore("handler", NAME, guard);
  }

  /** Sees the raw bytes before the decoder: the first one of a head starts its clock. */
  private final class HeadBytes extends ChannelInboundHandlerAdapter {

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      bytesCtx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (headStart == 0 && bodyStart == 0 && msg instanceof ByteBuf bytes
          && bytes.isReadable()) {
        headStart = ticker.nanoTime();
      }
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ticker = ctx.executor().ticker();
    idleSince = ticker.nanoTime();
    schedule(checkNanos);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      requests++;
      headStart = 0;
      bodyStart = ticker.nanoTime();
    }
    if (msg instanceof LastHttpContent) {
      bodyStart = 0;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse head && head.status().code() == 101) {
      ctx.write(msg, promise);
      stop();
      return;
    }
    if (msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse head && head.status().codeClass()
            == HttpStatusClass.INFORMATIONAL)) {
      responses++;
      if (responses >= requests) {
        idleSince = ticker.nanoTime();
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    done = true;
    if (check != null) {
      check.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  /** After an upgrade: no more HTTP here, so nothing to time. */
  private void stop() {
    done = true;
    if (check != null) {
      check.cancel(false);
    }
    ChannelPipeline pipeline = ctx.pipeline();
    if (pipeline.get(BYTES_NAME) != null) {
      pipeline.remove(BYTES_NAME);
    }
    if (pipeline.get(NAME) != null) {
      pipeline.remove(this);
    }
  }

  private void schedule(long delayNanos) {
    check = ctx.executor().schedule(this::check, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (done || !ctx.channel().isActive()) {
      return;
    }
    long now = ticker.nanoTime();
    long deadline = Long.MAX_VALUE;
    LongAdder cause = null;
    ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
    long pending = out == null ? 0 : out.totalPendingWriteBytes();
    if (pending != lastPending) {
      lastPending = pending;
      writeProgress = now;
    }
    if (pending > 0 && idleNanos > 0) {
      // a client that takes nothing more of its answer is as silent as one that sends nothing
      deadline = writeProgress + idleNanos;
      cause = tally.sendTimeouts;
    } else if (headStart != 0 && headNanos > 0) {
      deadline = headStart + headNanos;
      cause = tally.headTimeouts;
    } else if (bodyStart != 0 && requestNanos > 0) {
      deadline = bodyStart + requestNanos;
      cause = tally.requestTimeouts;
    } else if (headStart == 0 && bodyStart == 0 && responses >= requests && idleNanos > 0) {
      deadline = idleSince + idleNanos;
      cause = tally.idleTimeouts;
    }
    if (cause == null || now - deadline < 0) {
      schedule(cause == null ? checkNanos : Math.min(deadline - now, checkNanos));
      return;
    }
    done = true;
    cause.increment();
    if (cause == tally.headTimeouts && responses >= requests) {
      bytesCtx.writeAndFlush(REQUEST_TIMEOUT.duplicate())
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ChannelHandlerContext first = ctx.pipeline().firstContext();
      (first != null ? first : ctx).close();
    }
  }
}
