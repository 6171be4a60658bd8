/**
 * The worker side of the socket hand-off, which receives sockets:
 * {@link io.clusterkit.sticky.handoff.worker.HandoffReceiver} listens on the worker's private
 * Unix domain socket, reports each batch to the launcher and fires the sockets it takes into the
 * worker's HTTP servers. Its links run on Netty's epoll channels ({@code EpollListener},
 * {@code EpollLink}) or are polled by an io_uring loop itself ({@code UringListener},
 * {@code UringLink}). Mode: hand-off. Side: worker.
 *
 * <p>A contract between ClusterKit's own modules (verticles' worker uses it), not API for
 * applications: it may change with any release.
 */
package io.clusterkit.sticky.handoff.worker;
