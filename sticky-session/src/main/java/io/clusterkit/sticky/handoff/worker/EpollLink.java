package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.handoff.HandoffWire;
import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * One hand-off link on an epoll loop: a Netty domain socket channel in file-descriptor read mode
 * ({@link EpollListener} reads it), the epoll twin of {@link UringLink}.
 */
final class EpollLink extends EpollEnd implements LinkPort {

  /** Descriptors received and not yet reported, in order. */
  final List<FileDescriptor> pending = new ArrayList<>();

  EpollLink(Channel channel) {
    super(channel);
  }

  @Override
  public boolean isActive() {
    return channel.isActive();
  }

  @Override
  public void report(int accepted, int refused, int closed, Runnable written,
      Runnable failed) {
    channel.writeAndFlush(HandoffWire.report(channel.alloc(), accepted, refused, closed))
        .addListener(f -> (f.isSuccess() ? written : failed).run());
  }
}
