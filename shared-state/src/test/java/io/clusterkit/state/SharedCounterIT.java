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
 * The {@link SharedCounterContract} on Hazelcast: the lite member (a worker's role) writes, the
 * data member (the launcher's role) reads; one cluster for the whole class.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SharedCounterIT extends SharedCounterContract {

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

  @Override
  protected Vertx writer() {
    return cluster.liteMember();
  }

  @Override
  protected Vertx reader() {
    return cluster.dataMember();
  }
}
