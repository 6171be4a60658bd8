package io.clusterkit.sticky.handoff.worker;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * First in a handed-off connection's pipeline in the worker: when the server first asks to read,
 * it gives the server the bytes the launcher read (the PROXY header) as if they had just arrived,
 * then steps aside and lets the socket be read.
 */
final class PrefixReplay extends ChannelDuplexHandler {

  private final byte[] prefix;
  private boolean replayed;

  PrefixReplay(byte[] prefix) {
    this.prefix = prefix;
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (replayed) {
      ctx.read();
      return;
    }
    replayed = true;
    if (prefix.length > 0) {
      ctx.fireChannelRead(Unpooled.wrappedBuffer(prefix));
      ctx.fireChannelReadComplete();
    }
    ctx.pipeline().remove(this);
    if (ctx.channel().isOpen()) {
      ctx.read();
    }
  }
}
