/**
 * The forward router, the portable fallback: the launcher accepts on the public port, connects
 * to the chosen worker and copies bytes both ways
 * ({@link io.clusterkit.sticky.forward.ForwardingRouter}, one {@code AcceptLoop} per event
 * loop, a {@code ClientConnection} and a {@code Splice} per connection). Mode: forward. Side:
 * launcher; forwarded workers are plain servers and need nothing from here.
 *
 * <p>Reached through {@link io.clusterkit.sticky.ConnectionRouter#create}; a contract between
 * ClusterKit's own modules, not API for applications: it may change with any release.
 */
package io.clusterkit.sticky.forward;
