package io.clusterkit.sticky.handoff.worker;

import io.netty.channel.unix.FileDescriptor;
import java.util.List;

/** What a hand-off link read on an io_uring loop ({@link UringLink}) reports to. */
interface LinkOwner {

  /** @return what log lines call this worker */
  String name();

  /** See {@link HandoffReceiver#received}. */
  void received(LinkPort port, List<FileDescriptor> pending);

  /** See {@link HandoffReceiver#linkEnded}. */
  void linkEnded(LinkPort port, List<FileDescriptor> unreported);
}
