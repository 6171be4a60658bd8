package io.clusterkit.verticles.impl;

import io.clusterkit.state.ClusterManagers;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.verticles.protocol.EventBusTls;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.transport.Transport;
import java.util.Map;

/**
 * Builds a worker's clustered Vert.x as the launcher described it: a lite Hazelcast member of the
 * launcher's cluster, its event bus on the cluster host (with TLS when configured), the native
 * transport (or the given one), and the worker's meters when it records them.
 */
final class ClusterJoin {

  private ClusterJoin() {
  }

  /**
   * Joins the launcher's cluster.
   *
   * @param env what the launcher said
   * @param vars the process environment it came from
   * @param transport the transport to build Vert.x with, or null for Vert.x's choice
   * @param metrics the worker's meters, or null without -metrics
   * @param clock the boot clock, which times the Hazelcast join
   * @return a future completed with the clustered Vert.x
   */
  static Future<Vertx> join(WorkerEnv env, Map<String, String> vars, Transport transport,
      WorkerMetrics metrics, BootClock clock) {
    MembershipOptions membership = new MembershipOptions()
        .setClusterName(env.clusterName())
        .setHost(env.host())
        .setPublicHost(WorkerEnv.clusterPublicHost(vars))
        .setConfigFile(WorkerEnv.hazelcastConfig(vars))
        .setLiteMember(true);
    for (String member : env.members().split(",")) {
      if (!member.isBlank()) {
        membership.addMember(member.trim());
      }
    }
    EventBusOptions bus = new EventBusOptions().setHost(env.host()).setPort(0)
        .setClusterPublicHost(WorkerEnv.clusterPublicHost(vars) != null
            ? WorkerEnv.clusterPublicHost(vars) : env.host());
    EventBusTls.apply(bus, vars);
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventBusOptions(bus);
    VertxBuilder builder = Vertx.builder();
    if (metrics != null) {
      metrics.install(options, builder);
    }
    builder.with(options);
    if (transport != null) {
      builder.withTransport(transport);
    }
    return builder
        .withClusterManager(clock.timed(ClusterManagers.hazelcast(membership)))
        .buildClustered();
  }
}
