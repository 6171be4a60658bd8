package io.clusterkit.launcher.junit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A systemd notify socket of a test's own, as the service manager opens one for a
 * {@code Type=notify} service: an AF_UNIX datagram socket bound with Netty's native epoll
 * transport, which keeps every message it receives, in order. Give {@link #address()} to the
 * launcher as {@code NOTIFY_SOCKET} ({@code ClusterKit.env}).
 */
public final class NotifySocketListener implements AutoCloseable {

  private final String address;
  private final Path path;
  private final EventLoopGroup group;
  private final Channel channel;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private NotifySocketListener(String address, Path path, DomainSocketAddress bindTo) {
    this.address = address;
    this.path = path;
    this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      this.channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
          .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
              messages.add(packet.content().toString(StandardCharsets.UTF_8));
            }
          }).bind(bindTo).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Binds a notify socket at a path (which must not exist yet).
   *
   * @param path the socket file
   * @return the listening socket; close it
   */
  public static NotifySocketListener bind(Path path) {
    Path absolute = path.toAbsolutePath();
    return new NotifySocketListener(absolute.toString(), absolute,
        new DomainSocketAddress(absolute.toString()));
  }

  /**
   * Binds a notify socket in the abstract namespace (no file; systemd writes such an address
   * with a leading {@code '@'}).
   *
   * @param name the name, without the {@code '@'}
   * @return the listening socket; close it
   */
  public static NotifySocketListener bindAbstract(String name) {
    Objects.requireNonNull(name, "name");
    return new NotifySocketListener("@" + name, null, new DomainSocketAddress("\0" + name));
  }

  /** @return the value for {@code NOTIFY_SOCKET}: the path, or {@code @name} */
  public String address() {
    return address;
  }

  /** @return every message received so far, in order */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  /**
   * Waits for a message.
   *
   * @param condition what the message must satisfy
   * @param timeout how long to wait
   * @param description what is awaited, for the failure message
   * @return the first message received that satisfies condition
   * @throws AssertionError after timeout, with every message received
   */
  public String await(Predicate<String> condition, Duration timeout, String description) {
    return Await.until(timeout, () -> messages().stream().filter(condition).findFirst()
        .orElse(null), found -> found != null, () -> description + " on " + address
        + "; received: " + messages());
  }

  /** Closes the socket and removes its file. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (java.io.IOException e) {
        // a socket file left in a temporary directory
      }
    }
  }
}
