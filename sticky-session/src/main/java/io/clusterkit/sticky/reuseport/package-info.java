/**
 * The launcher side of the reuseport mode, where there is no router: the launcher only holds the
 * public port ({@link io.clusterkit.sticky.reuseport.PortReservation}) and every worker listens
 * on it with {@code SO_REUSEPORT}. Mode: reuseport. Side: launcher.
 *
 * <p>A contract between ClusterKit's own modules (the launcher uses it), not API for
 * applications: it may change with any release.
 */
package io.clusterkit.sticky.reuseport;
