package io.clusterkit.sticky.handoff.launcher;

/**
 * What a {@link WorkerLink} tells the router it serves, on the router's event loop: where each
 * socket it was given ends up, and when its load or its life changes. The link knows the router
 * only through these five calls.
 */
interface LinkListener {

  /**
   * The worker took socket: the launcher's copy can be closed.
   *
   * @param socket the socket, reported accepted
   */
  void handedOff(PendingSocket socket);

  /**
   * The worker never read socket (refused, never sent, or the worker ended the link): it may
   * go to another worker.
   *
   * @param socket the socket, with the route it was counted in
   */
  void failover(PendingSocket socket);

  /**
   * socket may or may not have reached the worker (the router closed the link, or its
   * prefix could not be sent): it is closed and counted out.
   *
   * @param socket the socket
   */
  void lost(PendingSocket socket);

  /** The link's load went down (a report came): flow control may resume accepting. */
  void loadChanged();

  /**
   * The link is closed, and takes no more sockets.
   *
   * @param link the link
   * @param byWorker whether the worker refused or ended it, rather than the router
   */
  void linkClosed(WorkerLink link, boolean byWorker);
}
