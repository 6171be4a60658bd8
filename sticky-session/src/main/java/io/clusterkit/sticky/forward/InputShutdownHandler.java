package io.clusterkit.sticky.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;

/**
 * Sits in front of Vert.x's handler on a channel that allows half-closure and turns the peer's
 * FIN (Netty's input-shutdown events) into one callback. Vert.x hands data to the router without
 * queueing it (the router never pauses a socket through Vert.x, it switches auto-read), so the
 * callback comes after the last byte the peer sent.
 */
final class InputShutdownHandler extends ChannelInboundHandlerAdapter {

  /** The name it has in the pipeline. */
  static final String NAME = "clusterkit-input-shutdown";

  private final Runnable onInputShutdown;
  private boolean fired;

  /**
   * Creates the handler of one channel.
   *
   * @param onInputShutdown run once, on the channel's event loop, when the peer shuts its output
   */
  InputShutdownHandler(Runnable onInputShutdown) {
    this.onInputShutdown = onInputShutdown;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ChannelInputShutdownEvent) {
      if (!fired) {
        fired = true;
        onInputShutdown.run();
      }
    } else if (!(event instanceof ChannelInputShutdownReadComplete)) {
      ctx.fireUserEventTriggered(event);
    }
  }
}
