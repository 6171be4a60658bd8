package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.sticky.handoff.HandoffWire;
import io.clusterkit.sticky.handoff.PrefixPipe;
import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the sockets the receiver took into client channels of its transport and fires them into
 * their target server channels' pipelines, where Netty's acceptor gives them the server's child
 * options and handler exactly as if the server had accepted them. A socket's PROXY header, when
 * the launcher read one, is replayed first ({@link PrefixReplay}). Every socket that closes,
 * here or later, is counted for the launcher's reports.
 */
final class Injector {

  private static final Logger log = LoggerFactory.getLogger(HandoffReceiver.class);

  /** A client socket as received, with its prefix pipe when the launcher read a header. */
  record Handed(FileDescriptor socket, FileDescriptor prefix) {

    /** Closes the socket and its prefix pipe, unread. */
    void close() {
      HandoffWire.closeQuietly(socket);
      if (prefix != null) {
        HandoffWire.closeQuietly(prefix);
      }
    }
  }

  private final String name;
  private final WorkerTransport transport;
  private final Runnable countClose;
  private final AtomicInteger taken = new AtomicInteger();

  /**
   * Creates the injector of one receiver.
   *
   * @param name what log lines call the worker
   * @param transport the target servers' transport
   * @param countClose told of each connection that closes
   */
  Injector(String name, WorkerTransport transport, Runnable countClose) {
    this.name = name;
    this.transport = transport;
    this.countClose = countClose;
  }

  /** @return how many sockets were made channels so far */
  int taken() {
    return taken.get();
  }

  /** @return the received socket as a channel, not registered; null if it is already gone */
  Channel wrap(Handed handed) {
    byte[] prefix = null;
    if (handed.prefix() != null) {
      try {
        prefix = PrefixPipe.drain(handed.prefix());
      } catch (IOException e) {
        log.warn("{} - cannot read a socket's PROXY header from the launcher: {}", name,
            e.toString());
        HandoffWire.closeQuietly(handed.socket());
        countClose.run();
        return null;
      }
    }
    Channel child;
    try {
      child = transport.socketChannel(handed.socket().intValue());
    } catch (RuntimeException e) {
      log.debug("{} - received socket unusable: {}", name, e.toString());
      HandoffWire.closeQuietly(handed.socket());
      countClose.run();
      return null;
    }
    if (prefix != null) {
      child.pipeline().addFirst(new PrefixReplay(prefix));
    }
    taken.incrementAndGet();
    if (!child.isActive()) {
      // reset by the client before it got here
      child.unsafe().closeForcibly();
      countClose.run();
      return null;
    }
    child.closeFuture().addListener(f -> countClose.run());
    return child;
  }

  /**
   * Fires children into target's pipeline, on target's event loop.
   *
   * @param target a server channel
   * @param children channels made by {@link #wrap}
   */
  void inject(Channel target, List<Channel> children) {
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
        log.warn("{} - a handed-off connection was closed unanswered: its server on {} had "
            + "closed", name, target.localAddress());
        child.unsafe().closeForcibly();
        countClose.run();
      }
    }
  }
}
