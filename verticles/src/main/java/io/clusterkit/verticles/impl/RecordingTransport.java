package io.clusterkit.verticles.impl;

import io.clusterkit.sticky.WorkerTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * A Vert.x native transport (epoll or io_uring), unchanged, except that it remembers the TCP
 * server channels it creates while they are open: the worker finds the Netty channel behind the
 * HttpServer that {@code serve()} bound and fires handed-off client sockets into it. Each such
 * channel also gets a {@link ListenInterceptor}, through which a server of the user's own that
 * listens on a port other than 0 shares that port with the launcher. Give it to
 * {@code Vertx.builder().withTransport(...)}.
 */
@SuppressWarnings("deprecation")
public final class RecordingTransport implements Transport {

  private final WorkerTransport worker;
  private final Transport base;
  private final Set<ServerChannel> serverChannels =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final io.vertx.core.spi.transport.Transport implementation;
  private volatile ListenInterceptor.Sharing sharing;

  /**
   * Creates a recording copy of a worker transport's Vert.x transport.
   *
   * @param transport epoll or io_uring
   */
  public RecordingTransport(WorkerTransport transport) {
    this.worker = transport;
    this.base = transport.vertx();
    this.implementation = base == null ? null : new Recording(base.implementation());
  }

  @Override
  public String name() {
    return worker.id();
  }

  @Override
  public boolean available() {
    return base != null && base.available();
  }

  @Override
  public Throwable unavailabilityCause() {
    return base == null
        ? new IllegalStateException("Netty's " + worker.id() + " classes are missing")
        : base.unavailabilityCause();
  }

  @Override
  public io.vertx.core.spi.transport.Transport implementation() {
    return implementation;
  }

  /**
   * Finds the open TCP server channel bound to port, other than those in exclude.
   *
   * @param port a bound port
   * @param exclude channels already claimed
   * @return the channel, or empty when none is bound to port
   */
  public Optional<ServerChannel> serverChannel(int port, Set<? extends Channel> exclude) {
    for (ServerChannel channel : serverChannels) {
      if (channel.isOpen() && !exclude.contains(channel)
          && channel.localAddress() instanceof InetSocketAddress address
          && address.getPort() == port) {
        return Optional.of(channel);
      }
    }
    return Optional.empty();
  }

  /**
   * Shares every TCP listen on a port other than 0 from now on (see {@link ListenInterceptor}).
   *
   * @param sharing what takes those listens, or null to leave binds alone
   */
  void share(ListenInterceptor.Sharing sharing) {
    this.sharing = sharing;
  }

  private ServerChannel record(ServerChannel channel) {
    channel.pipeline().addFirst("clusterkit-listen", new ListenInterceptor(() -> sharing));
    serverChannels.add(channel);
    channel.closeFuture().addListener(f -> serverChannels.remove(channel));
    return channel;
  }

  /** Delegates every call to the base implementation; records server channels. */
  private final class Recording implements io.vertx.core.spi.transport.Transport {

    private final io.vertx.core.spi.transport.Transport delegate;

    Recording(io.vertx.core.spi.transport.Transport delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean supportsDomainSockets() {
      return delegate.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
      return delegate.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
      return delegate.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
      return delegate.unavailabilityCause();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
      return delegate.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
      return delegate.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return delegate.ioHandlerFactory();
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory threadFactory,
        int ioRatio) {
      return delegate.eventLoopGroup(type, threads, threadFactory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
      return delegate.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
      return delegate.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return delegate.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      ChannelFactory<? extends ServerChannel> factory =
          delegate.serverChannelFactory(domainSocket);
      if (domainSocket) {
        return factory;
      }
      return () -> record(factory.newChannel());
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
      delegate.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket,
        Bootstrap bootstrap) {
      delegate.configure(options, connectTimeout, domainSocket, bootstrap);
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket,
        ServerBootstrap bootstrap) {
      delegate.configure(options, domainSocket, bootstrap);
    }
  }
}
