/**
 * What the launcher's routers share, whichever mode they serve (forward or hand-off): the PROXY
 * protocol header and the client-address rule ({@link io.clusterkit.sticky.net.ProxyHeader}),
 * the one writer of the "no worker is ready" 503
 * ({@link io.clusterkit.sticky.net.ServiceUnavailable}), the timeouts on a client's own bytes
 * ({@link io.clusterkit.sticky.net.ClientTimeouts}) and the message of a failed bind
 * ({@link io.clusterkit.sticky.net.ListenFailure}). Side: launcher.
 *
 * <p>A contract between ClusterKit's own modules, not API for applications: it may change with
 * any release.
 */
package io.clusterkit.sticky.net;
