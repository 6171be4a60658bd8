package io.clusterkit.state;

import io.clusterkit.state.impl.HazelcastConfigs;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Creates the Hazelcast cluster manager every ClusterKit JVM uses: Vert.x's own map
 * configuration, ClusterKit's join settings, no Hazelcast shutdown hook (the launcher alone
 * decides when a member stops).
 */
public final class ClusterManagers {

  private ClusterManagers() {
  }

  /**
   * Creates a cluster manager for options.
   *
   * @param options who this member is and how it joins; the cluster name is required
   * @return a cluster manager to give to {@code Vertx.builder().withClusterManager(..)}
   */
  public static HazelcastClusterManager hazelcast(MembershipOptions options) {
    return new HazelcastClusterManager(HazelcastConfigs.build(options));
  }
}
