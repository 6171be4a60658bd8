/**
 * The launcher's live view of its workers, fed once a second from their heartbeats: per-slot
 * rates and latency quantiles computed from counter deltas, ten minutes of history that keeps a
 * slot's line across restarts, and the log of what the supervisor did. The dashboard of
 * {@code -metrics}, {@code status} and {@code monit} read it.
 */
package io.clusterkit.launcher.live;
