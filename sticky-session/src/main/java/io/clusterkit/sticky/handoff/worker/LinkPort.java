package io.clusterkit.sticky.handoff.worker;

/**
 * One hand-off link from the launcher, as the receiving logic sees it: a Netty channel on epoll
 * loops ({@link EpollLink}), a socket polled by the io_uring loop itself otherwise
 * ({@link UringLink}).
 */
interface LinkPort extends ReceiverSocket {

  /** @return whether reports can still be written */
  boolean isActive();

  /**
   * Writes a report; then, on the receiver's loop, runs written once the kernel has it, or
   * failed when it cannot be written.
   *
   * @param accepted descriptors taken
   * @param refused descriptors closed unread right after those
   * @param closed taken connections that have ended since the last report
   * @param written runs once the report is written
   * @param failed runs when it cannot be
   */
  void report(int accepted, int refused, int closed, Runnable written, Runnable failed);
}
