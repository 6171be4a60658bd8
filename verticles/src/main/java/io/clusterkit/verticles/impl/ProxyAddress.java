package io.clusterkit.verticles.impl;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Behind a launcher that reads PROXY headers ({@code -proxy-protocol}), the header travels with
 * each handed-off socket; a server of the user's own never asked for PROXY protocol, so the
 * worker reads the header itself: after Netty's {@code HAProxyMessageDecoder}, this sets the
 * client and server addresses it names as the connection's own, the way Vert.x does for a
 * server with {@code setUseProxyProtocol(true)}, and steps aside.
 */
final class ProxyAddress extends ChannelInboundHandlerAdapter {

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage header)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      HAProxyProxiedProtocol protocol = header.proxiedProtocol();
      boolean tcp = protocol == HAProxyProxiedProtocol.TCP4
          || protocol == HAProxyProxiedProtocol.TCP6;
      if (tcp && header.sourceAddress() != null) {
        ctx.channel().attr(ConnectionBase.REMOTE_ADDRESS_OVERRIDE).set(
            SocketAddress.inetSocketAddress(header.sourcePort(), header.sourceAddress()));
      }
      if (tcp && header.destinationAddress() != null) {
        ctx.channel().attr(ConnectionBase.LOCAL_ADDRESS_OVERRIDE).set(
            SocketAddress.inetSocketAddress(header.destinationPort(),
                header.destinationAddress()));
      }
    } finally {
      header.release();
    }
    ctx.pipeline().remove(this);
  }
}
