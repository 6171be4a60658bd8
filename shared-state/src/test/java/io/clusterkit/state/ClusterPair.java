package io.clusterkit.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;

/**
 * Two Vert.x instances clustered over Hazelcast in this JVM, as in production: a data member
 * (the launcher's role) and a lite member that joins it (a worker's role), on loopback only, in
 * a cluster with a random name.
 */
final class ClusterPair {

  private final Vertx dataMember;
  private final Vertx liteMember;

  private ClusterPair(Vertx dataMember, Vertx liteMember) {
    this.dataMember = dataMember;
    this.liteMember = liteMember;
  }

  /**
   * Starts the data member, then the lite member listing it as the member to join.
   *
   * @return a future completed with both members once the second has joined
   */
  static Future<ClusterPair> start() {
    return start(VertxOptions.DEFAULT_WORKER_POOL_SIZE);
  }

  /**
   * Starts the data member, then the lite member listing it as the member to join.
   *
   * @param workerPoolSize the worker threads of each member: 1 makes every blocking call of a
   *     member run on the same thread, which is how a thread-owned lock shows re-entrancy
   * @return a future completed with both members once the second has joined
   */
  static Future<ClusterPair> start(int workerPoolSize) {
    String clusterName = "state-it-" + UUID.randomUUID();
    HazelcastClusterManager first = ClusterManagers.hazelcast(
        new MembershipOptions().setClusterName(clusterName));
    // the second member is built off the first one's event loop (thenComposeAsync), where
    // Vert.x would warn about creating a Vert.x instance inside another one's context
    return Future.fromCompletionStage(clustered(first, workerPoolSize).toCompletionStage()
        .thenComposeAsync(data -> {
          int port = first.getHazelcastInstance().getCluster().getLocalMember().getAddress()
              .getPort();
          HazelcastClusterManager second = ClusterManagers.hazelcast(new MembershipOptions()
              .setClusterName(clusterName)
              .setLiteMember(true)
              .addMember("127.0.0.1:" + port));
          return clustered(second, workerPoolSize)
              .map(lite -> new ClusterPair(data, lite))
              .recover(e -> data.close().transform(ar -> Future.failedFuture(e)))
              .toCompletionStage();
        }));
  }

  private static Future<Vertx> clustered(HazelcastClusterManager manager, int workerPoolSize) {
    VertxOptions options = new VertxOptions().setWorkerPoolSize(workerPoolSize).setEventBusOptions(
        new EventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1"));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  /** @return the data member, which holds every entry */
  Vertx dataMember() {
    return dataMember;
  }

  /** @return the lite member, which holds nothing and reaches the data member for everything */
  Vertx liteMember() {
    return liteMember;
  }

  /**
   * Closes the lite member, then the data member.
   *
   * @return a future completed once both are closed
   */
  Future<Void> close() {
    return liteMember.close().eventually(dataMember::close);
  }
}
