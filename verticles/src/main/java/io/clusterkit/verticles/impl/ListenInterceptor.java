package io.clusterkit.verticles.impl;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.vertx.core.Future;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * First in the pipeline of every TCP server channel a worker's Vert.x creates: it sees the
 * channel's bind before the socket does. A bind to port 0 (a private port: the event bus,
 * {@code serve()}'s listener, a user's {@code listen(0)}) goes through unchanged. A bind to any
 * other port, from whichever {@code HttpServer} or {@code NetServer} asked, is what Node's
 * workers do with {@code listen(port)}: the port is the cluster's, so the channel binds privately
 * on 127.0.0.1 instead, never accepting, and the {@link Sharing} asks the launcher to open that
 * public port and hand its sockets to the channel. The bind succeeds once the launcher holds the
 * port, and fails with the launcher's reason (a {@link BindException} naming the port) otherwise.
 */
final class ListenInterceptor extends ChannelOutboundHandlerAdapter {

  /** What a worker does with a server channel whose bind asked for a public port. */
  interface Sharing {

    /**
     * Shares a public port with the launcher.
     *
     * @param channel the server channel, bound privately and not accepting
     * @param requested the address its server asked for
     * @return a future completed once the launcher holds the port and the channel takes its
     *     sockets, or failed with the reason the port cannot be shared
     */
    Future<Void> share(ServerChannel channel, InetSocketAddress requested);
  }

  private final Supplier<Sharing> sharing;

  /** @param sharing the worker's sharing, or null from it while binds are left alone */
  ListenInterceptor(Supplier<Sharing> sharing) {
    this.sharing = sharing;
  }

  @Override
  public void bind(ChannelHandlerContext ctx, SocketAddress local, ChannelPromise promise) {
    Sharing shares = sharing.get();
    if (shares == null || !(local instanceof InetSocketAddress requested)
        || requested.getPort() == 0 || !(ctx.channel() instanceof ServerChannel channel)) {
      ctx.bind(local, promise);
      return;
    }
    // never accept on the private port: only handed-off sockets reach this channel
    channel.config().setAutoRead(false);
    ChannelPromise privately = ctx.newPromise();
    ctx.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), privately);
    privately.addListener(bound -> {
      if (!bound.isSuccess()) {
        promise.tryFailure(bound.cause());
        return;
      }
      shares.share(channel, requested).onComplete(ar -> {
        if (ar.succeeded()) {
          promise.trySuccess();
        } else {
          BindException failed = new BindException(String.valueOf(ar.cause().getMessage()));
          failed.initCause(ar.cause());
          promise.tryFailure(failed);
        }
      });
    });
  }
}
