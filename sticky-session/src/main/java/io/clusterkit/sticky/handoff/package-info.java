/**
 * The socket hand-off's wire protocol, shared by its two halves: what travels over a worker's
 * private Unix domain socket ({@link io.clusterkit.sticky.handoff.HandoffWire}) and how a PROXY
 * header rides beside a socket ({@link io.clusterkit.sticky.handoff.PrefixPipe}). Mode: hand-off.
 * Sides: both; the launcher's half is in {@code handoff.launcher}, the worker's in
 * {@code handoff.worker}.
 *
 * <p>A contract between ClusterKit's own modules (the launcher and verticles use it), not API for
 * applications: it may change with any release.
 */
package io.clusterkit.sticky.handoff;
