package io.clusterkit.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PartitionSafety} on a Hazelcast cluster of a data member and a lite member. Right after
 * a member joins, Hazelcast reports the cluster unsafe for a few hundred ms; once settled, both
 * members see it safe.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PartitionSafetyIT {

  private static ClusterPair cluster;

  @BeforeAll
  static void startCluster(VertxTestContext tc) {
    ClusterPair.start().onComplete(tc.succeeding(started -> {
      cluster = started;
      tc.completeNow();
    }));
  }

  @AfterAll
  static void stopCluster(VertxTestContext tc) {
    if (cluster == null) {
      tc.completeNow();
      return;
    }
    cluster.close().onComplete(tc.succeedingThenComplete());
  }

  @Test
  void settledClusterIsSafeOnEveryMember(VertxTestContext tc) {
    PartitionSafety.awaitPartitionsSafe(cluster.dataMember(), Duration.ofSeconds(20))
        .compose(v -> Future.all(PartitionSafety.partitionsSafe(cluster.dataMember()),
            PartitionSafety.partitionsSafe(cluster.liteMember())))
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          assertThat(all.<Boolean>resultAt(0)).as("seen from the data member").isTrue();
          assertThat(all.<Boolean>resultAt(1)).as("seen from the lite member").isTrue();
          tc.completeNow();
        })));
  }
}
