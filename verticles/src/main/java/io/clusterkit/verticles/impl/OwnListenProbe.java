package io.clusterkit.verticles.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the launcher's health checks reach a worker whose application serves only through its
 * own {@code listen(port)}: ClusterKit does not have that server's handler (as it has
 * {@code serve()}'s), only its Netty server channel, which never accepts by itself. This listens
 * on a loopback port of its own and gives each connection to that server channel, as the
 * hand-off gives it the launcher's sockets: the check goes through the application's own server,
 * its TLS included. Those connections bypass the hand-off guard and are not tracked as the
 * worker's connections (no PROXY header is read from them, none is counted or drained); the
 * server still closes them when it closes.
 */
final class OwnListenProbe {

  private static final Logger log = LoggerFactory.getLogger(OwnListenProbe.class);

  private final ServerChannel listener;

  private OwnListenProbe(ServerChannel listener) {
    this.listener = listener;
  }

  /**
   * Listens on 127.0.0.1, at a free port, for the launcher's checks of a server of the
   * application's own.
   *
   * @param vertx the worker's Vert.x
   * @param transport the transport it was built with, whose server channels it makes
   * @param name what log lines call the worker
   * @param target the server channel checks go to now, or null when none takes them
   * @return a future completed with the probe once it listens
   */
  static Future<OwnListenProbe> listen(Vertx vertx, RecordingTransport transport, String name,
      Supplier<ServerChannel> target) {
    EventLoop loop = ((VertxInternal) vertx).acceptorEventLoopGroup().next();
    ServerChannel listener = transport.implementation().serverChannelFactory(false).newChannel();
    listener.pipeline().addLast("clusterkit-own-probe", new Relay(name, target));
    Promise<OwnListenProbe> bound = Promise.promise();
    loop.register(listener).addListener(registered -> {
      if (!registered.isSuccess()) {
        bound.fail(registered.cause());
        return;
      }
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .addListener(done -> {
            if (done.isSuccess()) {
              bound.complete(new OwnListenProbe(listener));
            } else {
              listener.close();
              bound.fail(done.cause());
            }
          });
    });
    return bound.future();
  }

  /** @return where the probe listens: 127.0.0.1 and its port */
  SocketAddress address() {
    InetSocketAddress local = (InetSocketAddress) listener.localAddress();
    return SocketAddress.inetSocketAddress(local.getPort(), local.getAddress().getHostAddress());
  }

  /** Stops listening; checks already given to the server end with it. */
  void close() {
    listener.close();
  }

  /** On the probe's own server channel: each accepted connection goes to the target server. */
  private static final class Relay extends ChannelInboundHandlerAdapter {

    private final String name;
    private final Supplier<ServerChannel> target;

    Relay(String name, Supplier<ServerChannel> target) {
      this.name = name;
      this.target = target;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof Channel child)) {
        ctx.fireChannelRead(msg);
        return;
      }
      ServerChannel server = target.get();
      if (server == null || !server.isActive()) {
        log.debug("{} - no server of its own takes health checks now: closing one", name);
        child.unsafe().closeForcibly();
        return;
      }
      server.eventLoop().execute(() -> {
        if (server.isActive()) {
          HandoffIntake.fireUnguarded(server, child);
        } else {
          child.unsafe().closeForcibly();
        }
      });
    }
  }
}
