package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.handoff.HandoffWire;
import io.clusterkit.sticky.net.ProxyHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header (v1 or v2) a load balancer puts at the start of a connection,
 * in the launcher, before the socket is handed to a worker: the header names the client to
 * balance on. Every byte read on the way (the header, and whatever followed it in the same reads)
 * is kept as the connection's prefix, which travels to the worker beside the descriptor and is
 * replayed there before the worker reads the socket itself, so the worker's server parses the
 * same header and sees the same client. The socket is then taken off the launcher's event loop,
 * unread beyond that. A malformed header, a header too slow to come or a client that leaves
 * closes that connection alone.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ProxyHeaderReader.class);

  /** The most bytes read while looking for a header: what a prefix may hold. */
  static final int MAX_PREFIX = HandoffWire.MAX_PREFIX;

  private final EpollSocketChannel channel;
  private final Consumer<PendingSocket> onHeader;
  private final Runnable onFailure;
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
  private ScheduledFuture<?> timeout;
  private boolean done;

  private ProxyHeaderReader(EpollSocketChannel channel, Consumer<PendingSocket> onHeader,
      Runnable onFailure) {
    this.channel = channel;
    this.onHeader = onHeader;
    this.onFailure = onFailure;
  }

  /**
   * Registers an accepted, unregistered child on loop and reads its header. Exactly one of the
   * callbacks runs, on loop: onHeader with the socket deregistered again and its prefix set, or
   * onFailure once the socket is closed.
   *
   * @param channel the accepted client socket
   * @param loop the router's event loop
   * @param timeout how long the header may take
   * @param onHeader takes the socket, ready to be handed off
   * @param onFailure told that the connection was closed
   */
  static void read(EpollSocketChannel channel, EventLoop loop, Duration timeout,
      Consumer<PendingSocket> onHeader, Runnable onFailure) {
    ProxyHeaderReader reader = new ProxyHeaderReader(channel, onHeader, onFailure);
    channel.pipeline().addLast(new Tap(reader), new HAProxyMessageDecoder(), reader);
    loop.register(channel).addListener(registered -> {
      if (!registered.isSuccess()) {
        channel.unsafe().closeForcibly();
        onFailure.run();
        return;
      }
      reader.timeout = loop.schedule(() -> reader.fail("no complete PROXY header within "
          + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage header)) {
      // bytes after the header in the same read: they are in the prefix already
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (!done) {
        accept(header);
      }
    } finally {
      header.release();
    }
  }

  private void accept(HAProxyMessage header) {
    done = true;
    cancelTimeout();
    channel.config().setAutoRead(false);
    InetSocketAddress peer = channel.remoteAddress();
    InetAddress client = peer == null ? null : peer.getAddress();
    String who = peer == null ? "(unknown client)" : peer.toString();
    HAProxyProxiedProtocol.AddressFamily family = header.proxiedProtocol().addressFamily();
    // LOCAL (a balancer's own health check), UNKNOWN and Unix-socket sources: the peer it is
    if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null
        && (family == HAProxyProxiedProtocol.AddressFamily.AF_IPv4
            || family == HAProxyProxiedProtocol.AddressFamily.AF_IPv6)) {
      try {
        client = InetAddress.getByName(header.sourceAddress());
        who = header.sourceAddress() + ":" + header.sourcePort() + " (via " + who + ")";
      } catch (UnknownHostException e) {
        fail("PROXY header source " + header.sourceAddress() + " is not an address");
        return;
      }
    }
    byte[] prefix = raw.toByteArray();
    byte[] clientBytes = client == null ? new byte[4] : ProxyHeader.clientBytes(client);
    String name = who;
    // off the launcher's loop, unread beyond the prefix: the worker reads the rest
    channel.eventLoop().execute(() -> {
      channel.pipeline().remove(Tap.class);
      channel.pipeline().remove(this);
      channel.deregister().addListener(f -> {
        if (f.isSuccess() && channel.isOpen()) {
          onHeader.accept(new PendingSocket(channel, clientBytes, name, prefix));
        } else {
          channel.unsafe().closeForcibly();
          onFailure.run();
        }
      });
    });
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail("malformed PROXY header: " + cause.getMessage());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done) {
      done = true;
      cancelTimeout();
      onFailure.run();
    }
  }

  private void fail(String why) {
    if (done) {
      return;
    }
    done = true;
    cancelTimeout();
    log.info("closing {}: {}", channel.remoteAddress(), why);
    channel.close();
    onFailure.run();
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void record(ByteBuf bytes) {
    if (raw.size() + bytes.readableBytes() > MAX_PREFIX) {
      fail("no PROXY header within " + MAX_PREFIX + " bytes");
      return;
    }
    raw.writeBytes(ByteBufUtil.getBytes(bytes));
  }

  /** Keeps a copy of every byte read before the decoder consumes it. */
  private static final class Tap extends ChannelInboundHandlerAdapter {

    private final ProxyHeaderReader reader;

    Tap(ProxyHeaderReader reader) {
      this.reader = reader;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf bytes) {
        reader.record(bytes);
        if (reader.done && !reader.channel.isOpen()) {
          bytes.release();
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }
  }
}
