package io.clusterkit.sticky.handoff.worker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off receiver's listening Unix domain socket on an epoll loop, with Netty's epoll domain
 * socket channels: each link it accepts (from the launcher) becomes an {@link EpollLink}, read in
 * file-descriptor mode by this handler, which keeps each link in a channel attribute. The epoll
 * twin of {@link UringListener}.
 */
@ChannelHandler.Sharable
final class EpollListener extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(HandoffReceiver.class);
  private static final AttributeKey<EpollLink> LINK =
      AttributeKey.valueOf(EpollListener.class, "link");

  private final HandoffReceiver receiver;

  private EpollListener(HandoffReceiver receiver) {
    this.receiver = receiver;
  }

  /**
   * Listens on path; each link accepted is read on loop and told to receiver.
   *
   * @param path the socket path, free
   * @param loop the receiver's event loop
   * @param receiver what links report to
   * @return a future completed with the listening socket
   */
  static Future<ReceiverSocket> bind(Path path, EventLoop loop, HandoffReceiver receiver) {
    Promise<ReceiverSocket> promise = Promise.promise();
    new ServerBootstrap()
        .group(loop, loop)
        .channel(EpollServerDomainSocketChannel.class)
        .childOption(UnixChannelOption.DOMAIN_SOCKET_READ_MODE,
            DomainSocketReadMode.FILE_DESCRIPTORS)
        .childHandler(new EpollListener(receiver))
        .bind(new DomainSocketAddress(path.toString()))
        .addListener(f -> {
          if (f.isSuccess()) {
            promise.complete(new EpollEnd(((ChannelFuture) f).channel()));
          } else {
            promise.fail(f.cause());
          }
        });
    return promise.future();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    EpollLink link = new EpollLink(ctx.channel());
    ctx.channel().attr(LINK).set(link);
    receiver.linkOpened(link);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    EpollLink link = ctx.channel().attr(LINK).get();
    if (msg instanceof FileDescriptor fd && link != null) {
      link.pending.add(fd);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    EpollLink link = ctx.channel().attr(LINK).get();
    if (link != null) {
      receiver.received(link, link.pending);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    EpollLink link = ctx.channel().attr(LINK).getAndSet(null);
    if (link != null) {
      receiver.linkEnded(link, link.pending);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{} - hand-off link: {}", receiver.name(), cause.toString());
  }
}
