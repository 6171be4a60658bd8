package io.clusterkit.sticky.impl;

import io.clusterkit.sticky.SlotRoute;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One accepted client socket the launcher still holds: never registered in the launcher (its
 * bytes stay in the kernel for the worker), on its way to a worker or waiting for one. Confined to
 * the router's event loop.
 */
final class PendingSocket {

  final EpollSocketChannel channel;
  final byte[] clientAddress;
  final String who;
  final long acceptedNanos = System.nanoTime();
  List<Integer> ranking = List.of();
  int next;
  SlotRoute route;
  ScheduledFuture<?> deadline;
  boolean deadlinePassed;

  /**
   * Takes over an accepted, unregistered child of the public listener.
   *
   * @param channel the client's socket
   */
  PendingSocket(EpollSocketChannel channel) {
    this.channel = channel;
    InetSocketAddress remote = channel.remoteAddress();
    this.who = remote == null ? "(unknown client)" : NetUtil.toSocketAddressString(remote);
    this.clientAddress = remote == null ? new byte[4]
        : ProxyHeader.clientBytes(remote.getAddress());
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

  /** Closes the launcher's copy of the descriptor: close(2) only, the client sees nothing. */
  void closeCopy() {
    cancelDeadline();
    if (channel.isOpen()) {
      channel.unsafe().closeForcibly();
    }
  }

  @Override
  public String toString() {
    return "client " + who;
  }
}
