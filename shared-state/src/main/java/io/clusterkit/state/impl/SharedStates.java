package io.clusterkit.state.impl;

import com.hazelcast.core.HazelcastInstance;
import io.clusterkit.state.SharedState;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Picks the implementation of {@link SharedState} for a Vert.x instance: the Hazelcast one when
 * it is clustered over Hazelcast, the {@code SharedData} one otherwise.
 *
 * <p>Why a Hazelcast implementation beside the {@code SharedData} one: on Vert.x 5.0.7 with
 * Hazelcast 5.3.8, {@code SharedData} (1) expires a per-entry TTL up to a second early (Hazelcast
 * floors expiry times to whole seconds: most 300 ms entries are gone before the first read),
 * (2) lets two callers in one member hold the same lock at once (Hazelcast map locks are
 * re-entrant per thread, and Vert.x takes them on pooled worker threads), and (3) makes a
 * blocking remote call on the caller's thread in {@code getCounter}. {@link HazelcastSharedState}
 * fixes the three and otherwise reuses {@code SharedData}'s maps and storage layout, so both
 * APIs see the same maps and counters.
 */
public final class SharedStates {

  private SharedStates() {
  }

  /**
   * Creates the shared state of vertx.
   *
   * @param vertx a Vert.x instance, clustered or not
   * @return the Hazelcast-backed state when vertx is clustered over Hazelcast, else the
   *     {@code SharedData}-backed one
   */
  public static SharedState create(Vertx vertx) {
    HazelcastInstance hazelcast = hazelcastOf(vertx);
    return hazelcast == null ? new VertxSharedState(vertx) : new HazelcastSharedState(vertx, hazelcast);
  }

  /**
   * Finds the Hazelcast member behind vertx.
   *
   * @param vertx a Vert.x instance
   * @return its Hazelcast instance, or null if it is not clustered over Hazelcast
   */
  public static HazelcastInstance hazelcastOf(Vertx vertx) {
    if (vertx instanceof VertxInternal internal) {
      ClusterManager manager = internal.clusterManager();
      if (manager instanceof HazelcastClusterManager hazelcast) {
        return hazelcast.getHazelcastInstance();
      }
    }
    return null;
  }
}
