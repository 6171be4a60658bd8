package io.clusterkit.sticky.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off router's own 503 for a client no worker took in time, on a raw Netty channel
 * registered in the launcher: it reads the request head (see {@link ServiceUnavailable}), writes
 * the same 503 with {@code Connection: close} and {@code Retry-After}, sends FIN, and closes once
 * the client's FIN arrives or the linger time is over, so the client sees no reset.
 */
final class UnavailableHandler extends ChannelInboundHandlerAdapter {

  private final Duration headTimeout;
  private final Duration linger;
  private final ServiceUnavailable.HeadScanner head = new ServiceUnavailable.HeadScanner();
  private ScheduledFuture<?> timer;
  private boolean answered;
  private boolean inputEnded;

  /**
   * Creates the handler of one client.
   *
   * @param headTimeout how long the rest of the request head may take
   * @param linger how long to wait for the client's FIN after the answer
   */
  UnavailableHandler(Duration headTimeout, Duration linger) {
    this.headTimeout = headTimeout;
    this.linger = linger;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    timer = ctx.executor().schedule(() -> answer(ctx), Math.max(1, headTimeout.toMillis()),
        TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!answered && msg instanceof ByteBuf buffer && head.feed(buffer)) {
        answer(ctx);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      if (answered) {
        ctx.close();
      } else {
        answer(ctx);
      }
    }
    ReferenceCountUtil.release(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void answer(ChannelHandlerContext ctx) {
    if (answered) {
      return;
    }
    answered = true;
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(ServiceUnavailable.RESPONSE)).addListener(f -> {
      if (!f.isSuccess() || inputEnded || !(ctx.channel() instanceof DuplexChannel duplex)) {
        ctx.close();
        return;
      }
      duplex.shutdownOutput();
      timer = ctx.executor().schedule(() -> {
        ctx.close();
      }, Math.max(1, linger.toMillis()), TimeUnit.MILLISECONDS);
    });
  }
}
