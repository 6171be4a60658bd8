package io.clusterkit.state;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link SharedLockContract} on Hazelcast: the lite member (a worker's role) holds the lock,
 * the data member (the launcher's role) contends; one cluster for the whole class.
 *
 * <p>Each member has a single worker thread. Hazelcast map locks belong to a (member, thread)
 * pair and are re-entrant, so with one thread a second acquisition in the holder's member would
 * succeed unless the implementation prevents it; with a fresh pool of 20 every blocking call gets
 * a new thread and that bug hides.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SharedLockIT extends SharedLockContract {

  private static ClusterPair cluster;

  @BeforeAll
  static void startCluster(VertxTestContext tc) {
    ClusterPair.start(1).onComplete(tc.succeeding(started -> {
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

  @Override
  protected Vertx holder() {
    return cluster.liteMember();
  }

  @Override
  protected Vertx contender() {
    return cluster.dataMember();
  }
}
