package io.clusterkit.sticky.impl;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of the socket hand-off (see {@link HandoffWire}): a Unix domain socket server
 * whose connections (from the launcher) carry client sockets' file descriptors. Each read batch
 * is reported to the launcher first and only then turned into client channels fired
 * into a target server channel's pipeline, where Netty's acceptor gives them the server's child
 * options and handler exactly as if the server had accepted them. Once it stops taking (the
 * launcher ended the link, or the worker began draining) every descriptor is closed unread and
 * reported refused, so the launcher gives it to another worker.
 */
public final class HandoffReceiver {

  private static final Logger log = LoggerFactory.getLogger(HandoffReceiver.class);

  /** Where received sockets go. */
  public interface Intake {

    /**
     * Picks the server channel the next socket joins; called on the receiver's event loop.
     *
     * @return an active server channel, or null when the worker takes no more connections
     */
    Channel target();

    /** Told once, on the receiver's event loop, when the launcher has ended its hand-off link. */
    void endOfStream();
  }

  private final String name;
  private final boolean prefixed;
  private final Intake intake;
  private final EventLoop loop;
  /** The receiver's own epoll loop when the targets run io_uring; null when it shares theirs. */
  private final EventLoopGroup ownLoop;
  private final WorkerTransport transport;
  /** How long closes wait to be reported together. */
  static final long CLOSE_REPORT_DELAY_MILLIS = 2;

  private final AtomicInteger closes = new AtomicInteger();
  private final Set<Channel> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger taken = new AtomicInteger();
  private volatile boolean taking = true;
  private volatile Channel current;
  private Channel server;

  private HandoffReceiver(String name, EventLoop loop, EventLoopGroup ownLoop,
      WorkerTransport transport, Intake intake, boolean prefixed) {
    this.name = name;
    this.ownLoop = ownLoop;
    this.transport = transport;
    this.prefixed = prefixed;
    this.loop = loop;
    this.intake = intake;
  }

  /**
   * Listens for the launcher on a Unix domain socket.
   *
   * @param name what log lines call this worker, e.g. {@code slot 2 gen 1}
   * @param path the socket path, in a directory only the launcher's user can enter; a stale
   *     socket file there is replaced
   * @param loop the target server channels' event loop, which is the receiver's too with epoll
   * @param transport the native transport of loop; with io_uring, the receiver runs on an epoll
   *     loop of its own, as Netty's io_uring domain socket, reading descriptors, takes the end of
   *     the stream for a repeat of the last descriptor received
   * @param intake where sockets go
   * @param prefixed whether every socket comes with a prefix pipe (see {@link PrefixPipe}): the
   *     launcher reads PROXY headers, and the target servers expect them
   * @return a future completed with the listening receiver
   */
  public static Future<HandoffReceiver> listen(String name, Path path, EventLoop loop,
      WorkerTransport transport, Intake intake, boolean prefixed) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(transport, "transport");
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      return Future.failedFuture("cannot replace " + path + ": " + e);
    }
    EventLoopGroup own = transport == WorkerTransport.EPOLL ? null
        : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("clusterkit-handoff", true),
            EpollIoHandler.newFactory());
    EventLoop receiving = own == null ? loop : own.next();
    HandoffReceiver receiver = new HandoffReceiver(name, receiving, own, transport, intake,
        prefixed);
    Promise<HandoffReceiver> promise = Promise.promise();
    new ServerBootstrap()
        .group(receiving, receiving)
        .channel(EpollServerDomainSocketChannel.class)
        .childOption(UnixChannelOption.DOMAIN_SOCKET_READ_MODE,
            DomainSocketReadMode.FILE_DESCRIPTORS)
        .childHandler(receiver.new Link())
        .bind(new DomainSocketAddress(path.toString()))
        .addListener(f -> {
          if (f.isSuccess()) {
            receiver.server = ((io.netty.channel.ChannelFuture) f).channel();
            promise.complete(receiver);
          } else {
            receiver.shutDownOwnLoop();
            promise.fail(f.cause());
          }
        });
    return promise.future();
  }

  /** @return the event loop the receiver reads descriptors on */
  public EventLoop loop() {
    return loop;
  }

  /** @return how many sockets the receiver has taken so far */
  public int taken() {
    return taken.get();
  }

  /** @return whether it still takes sockets */
  public boolean taking() {
    return taking;
  }

  /**
   * Stops taking sockets: every descriptor received from now on is closed unread and reported
   * refused. Stops listening too. Idempotent; callable from any thread.
   */
  public void stopTaking() {
    taking = false;
    loop.execute(() -> {
      if (server != null && server.isOpen()) {
        server.close();
      }
    });
  }

  /**
   * Stops taking and closes the listener and every link. Idempotent.
   *
   * @return a future completed once closed
   */
  public Future<Void> close() {
    taking = false;
    Promise<Void> promise = Promise.promise();
    loop.execute(() -> {
      if (server != null) {
        server.close();
      }
      links.forEach(Channel::close);
      promise.complete();
      shutDownOwnLoop();
    });
    return promise.future();
  }

  private void shutDownOwnLoop() {
    if (ownLoop != null) {
      ownLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Ends every link at once, as the worker's death would, from any thread and even while the
   * receiver's event loop is stuck: the launcher sees end-of-stream and gives every socket it has
   * no report for to another worker. Takes no more sockets.
   */
  public void abort() {
    taking = false;
    List<Channel> sockets = new ArrayList<>(links);
    if (server != null) {
      sockets.add(server);
    }
    for (Channel link : sockets) {
      try {
        ((io.netty.channel.unix.Socket) ((io.netty.channel.unix.UnixChannel) link).fd())
            .shutdown(true, true);
      } catch (IOException | RuntimeException e) {
        log.debug("{} - abort: {}", name, e.toString());
      }
    }
  }

  private void countClose() {
    if (closes.getAndIncrement() == 0) {
      // closes come in bursts under load: one report for those of the next 2 ms (or they ride
      // on the next accept report), not one write per connection
      loop.schedule(this::reportCloses, CLOSE_REPORT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void reportCloses() {
    Channel link = current;
    if (link != null && link.isActive() && closes.get() > 0) {
      link.writeAndFlush(HandoffWire.report(link.alloc(), 0, 0, closes.getAndSet(0)));
    }
  }

  /** One connection from the launcher, in file-descriptor read mode. Shared: per-link state in a map. */
  @io.netty.channel.ChannelHandler.Sharable
  private final class Link extends ChannelInboundHandlerAdapter {

    private final Map<Channel, List<FileDescriptor>> batches = new ConcurrentHashMap<>();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      links.add(ctx.channel());
      current = ctx.channel();
      batches.put(ctx.channel(), new ArrayList<>());
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FileDescriptor fd) {
        batches.get(ctx.channel()).add(fd);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      List<FileDescriptor> batch = batches.get(ctx.channel());
      // with prefixes, descriptors come in pairs (socket, prefix pipe); a pair a read split
      // waits for its second half
      int step = prefixed ? 2 : 1;
      int complete = batch == null ? 0 : batch.size() - batch.size() % step;
      if (complete == 0) {
        return;
      }
      List<FileDescriptor> received = new ArrayList<>(batch.subList(0, complete));
      batch.subList(0, complete).clear();
      List<Handed> accepted = new ArrayList<>(received.size() / step);
      List<Channel> targets = new ArrayList<>(received.size() / step);
      int refused = 0;
      for (int i = 0; i < complete; i += step) {
        Handed handed = new Handed(received.get(i), prefixed ? received.get(i + 1) : null);
        Channel target = refused == 0 && taking ? intake.target() : null;
        if (target != null && target.isActive()) {
          accepted.add(handed);
          targets.add(target);
        } else {
          refused++;
          handed.close();
        }
      }
      if (refused > 0) {
        log.info("{} - refused {} sockets: no longer taking connections", name, refused);
      }
      ctx.writeAndFlush(HandoffWire.report(ctx.alloc(), accepted.size(), refused,
          closes.getAndSet(0))).addListener(f -> {
            if (!f.isSuccess()) {
              accepted.forEach(Handed::close);
              return;
            }
            // one task per server channel for the whole read, not one per socket
            Map<Channel, List<Channel>> byTarget = new LinkedHashMap<>();
            for (int i = 0; i < accepted.size(); i++) {
              Channel child = wrap(accepted.get(i));
              if (child != null) {
                byTarget.computeIfAbsent(targets.get(i), t -> new ArrayList<>()).add(child);
              }
            }
            byTarget.forEach(HandoffReceiver.this::inject);
          });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      links.remove(ctx.channel());
      List<FileDescriptor> unreported = batches.remove(ctx.channel());
      if (unreported != null) {
        // never reported: the launcher still holds them and gives them to another worker
        unreported.forEach(HandoffWire::closeQuietly);
      }
      if (current == ctx.channel()) {
        current = null;
      }
      if (taking) {
        log.info("{} - the launcher ended the hand-off link: no more connections will come",
            name);
        taking = false;
        if (server != null) {
          server.close();
        }
        intake.endOfStream();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("{} - hand-off link: {}", name, cause.toString());
    }
  }

  /** @return the received socket as a channel, not registered; null if it is already gone */
  private Channel wrap(Handed handed) {
    byte[] prefix = null;
    if (handed.prefix != null) {
      try {
        prefix = PrefixPipe.drain(handed.prefix);
      } catch (IOException e) {
        log.warn("{} - cannot read a socket's PROXY header from the launcher: {}", name,
            e.toString());
        HandoffWire.closeQuietly(handed.socket);
        countClose();
        return null;
      }
    }
    Channel child;
    try {
      child = transport.socketChannel(handed.socket.intValue());
    } catch (RuntimeException e) {
      log.debug("{} - received socket unusable: {}", name, e.toString());
      HandoffWire.closeQuietly(handed.socket);
      countClose();
      return null;
    }
    if (prefix != null) {
      child.pipeline().addFirst(new PrefixReplay(prefix));
    }
    taken.incrementAndGet();
    if (!child.isActive()) {
      // reset by the client before it got here
      child.unsafe().closeForcibly();
      countClose();
      return null;
    }
    child.closeFuture().addListener(f -> countClose());
    return child;
  }

  private void inject(Channel target, List<Channel> children) {
    if (target.eventLoop().inEventLoop()) {
      fire(target, children);
    } else {
      target.eventLoop().execute(() -> fire(target, children));
    }
  }

  private void fire(Channel target, List<Channel> children) {
    for (Channel child : children) {
      if (target.isActive()) {
        target.pipeline().fireChannelRead(child);
      } else {
        // the server closed between the report and now: the client sees the connection closed
        child.unsafe().closeForcibly();
        countClose();
      }
    }
  }

  /** A client socket as received, with its prefix pipe when the launcher read a header. */
  private record Handed(FileDescriptor socket, FileDescriptor prefix) {

    void close() {
      HandoffWire.closeQuietly(socket);
      if (prefix != null) {
        HandoffWire.closeQuietly(prefix);
      }
    }
  }
}
