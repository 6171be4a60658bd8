package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.net.ServiceUnavailable;
import io.netty.buffer.ByteBuf;
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
 * The hand-off router's 503 for a client no worker took in time, on a raw Netty channel
 * registered in the launcher: {@link ServiceUnavailable} reads the request head and writes the
 * answer; this handler then sends FIN and closes once the client's FIN arrives or the linger time
 * is over, so the client sees no reset.
 */
final class UnavailableHandler extends ChannelInboundHandlerAdapter {

  private final Duration headTimeout;
  private final Duration linger;
  private ServiceUnavailable answer;
  private ScheduledFuture<?> headTimer;
  private ScheduledFuture<?> lingering;
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
    answer = new ServiceUnavailable(new Client(ctx), headTimeout);
    answer.start();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (answer != null && msg instanceof ByteBuf buffer) {
        answer.read(buffer);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      if (answer == null || answer.answered()) {
        ctx.close();
      } else {
        answer.inputEnded();
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
    if (headTimer != null) {
      headTimer.cancel(false);
    }
    if (lingering != null) {
      lingering.cancel(false);
    }
  }

  /** The channel as the answer writes to it. */
  private final class Client implements ServiceUnavailable.Client {

    private final ChannelHandlerContext ctx;

    Client(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Runnable schedule(long delayMillis, Runnable task) {
      headTimer = ctx.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
      ScheduledFuture<?> timer = headTimer;
      return () -> timer.cancel(false);
    }

    @Override
    public void answerAndClose(ByteBuf response) {
      ctx.writeAndFlush(response).addListener(f -> {
        if (!f.isSuccess() || inputEnded || !(ctx.channel() instanceof DuplexChannel duplex)) {
          ctx.close();
          return;
        }
        duplex.shutdownOutput();
        lingering = ctx.executor().schedule(() -> {
          ctx.close();
        }, Math.max(1, linger.toMillis()), TimeUnit.MILLISECONDS);
      });
    }
  }
}
