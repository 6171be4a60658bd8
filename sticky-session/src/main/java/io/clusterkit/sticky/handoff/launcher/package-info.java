/**
 * The launcher side of the socket hand-off, which sends sockets: the public port
 * ({@code RawListener}), routing each accepted socket to a worker
 * ({@link io.clusterkit.sticky.handoff.launcher.HandoffRouter}, its {@code Dispatcher}), one
 * link per worker process with flow control ({@code WorkerLink}, {@code WorkerLinks}), the
 * sockets waiting for a READY worker and their 503 ({@code WaitingRoom},
 * {@code UnavailableHandler}), and an inbound PROXY header read before choosing. Mode: hand-off.
 * Side: launcher.
 *
 * <p>A contract between ClusterKit's own modules (the launcher builds its router from
 * {@code HandoffRouter}), not API for applications: it may change with any release.
 */
package io.clusterkit.sticky.handoff.launcher;
