package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.SlotRoute;
import io.clusterkit.sticky.handoff.HandoffWire;
import io.clusterkit.sticky.net.ProxyHeader;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One accepted client socket the launcher still holds, not registered in the launcher (its bytes
 * stay in the kernel for the worker, but for a PROXY header the launcher read), on its way to a
 * worker or waiting for one. Confined to the router's event loop.
 */
final class PendingSocket {

  /** The client socket's descriptor, the launcher's copy. */
  final int fd;
  /** The client socket as a channel, made only when the launcher itself must talk on it. */
  private EpollSocketChannel channel;
  /** The client's address as accepted, or null (PROXY: see {@link #who}). */
  private final InetSocketAddress remote;
  final byte[] clientAddress;
  /** What log lines call the client when the channel's address is not it (PROXY), or null. */
  final String who;
  /** Bytes the launcher read from the socket, to replay in the worker first; null for none. */
  final byte[] prefix;
  final long acceptedNanos = System.nanoTime();
  List<Integer> ranking = List.of();
  int next;
  SlotRoute route;
  ScheduledFuture<?> deadline;
  boolean deadlinePassed;

  /**
   * Takes over a socket the public listener accepted.
   *
   * @param fd its descriptor
   * @param remote the client's address
   */
  PendingSocket(int fd, InetSocketAddress remote) {
    this.fd = fd;
    this.remote = remote;
    this.who = null; // named from the address only when a log line asks
    this.clientAddress = remote == null ? new byte[4]
        : ProxyHeader.clientBytes(remote.getAddress());
    this.prefix = null;
  }

  /**
   * Takes over a child whose first bytes the launcher has read (a PROXY header): they travel to
   * the worker with the descriptor.
   *
   * @param channel the client's socket, deregistered from the launcher's event loop
   * @param clientAddress the client to balance on, as {@link ProxyHeader#clientBytes} gives it
   * @param who what log lines call the client
   * @param prefix every byte read from the socket so far
   */
  PendingSocket(EpollSocketChannel channel, byte[] clientAddress, String who, byte[] prefix) {
    this.fd = channel.fd().intValue();
    this.channel = channel;
    this.remote = null;
    this.clientAddress = clientAddress;
    this.who = who;
    this.prefix = prefix;
  }

  /** @return milliseconds since the socket was accepted */
  long elapsedMillis() {
    return (System.nanoTime() - acceptedNanos) / 1_000_000;
  }

  /** Stops the queue-timeout timer, if any. */
  void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  /**
   * @return the socket as a channel, not registered, for the launcher to answer on itself
   * @throws RuntimeException when the descriptor is no usable socket any more
   */
  EpollSocketChannel channel() {
    if (channel == null) {
      channel = new EpollSocketChannel(fd);
    }
    return channel;
  }

  /** Closes the launcher's copy of the descriptor: close(2) only, the client sees nothing. */
  void closeCopy() {
    cancelDeadline();
    if (channel != null) {
      if (channel.isOpen()) {
        channel.unsafe().closeForcibly();
      }
    } else {
      HandoffWire.closeQuietly(new FileDescriptor(fd));
    }
  }

  @Override
  public String toString() {
    if (who != null) {
      return "client " + who;
    }
    return "client " + (remote == null ? "(unknown)" : NetUtil.toSocketAddressString(remote));
  }
}
