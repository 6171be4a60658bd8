package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.handoff.HandoffWire;
import io.netty.channel.Channel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;

/** A socket of the epoll receiver, listening or linked: a Netty channel. */
class EpollEnd implements ReceiverSocket {

  final Channel channel;

  EpollEnd(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public void shutdownNow() {
    HandoffWire.shutdownQuietly((Socket) ((UnixChannel) channel).fd());
  }
}
