package io.clusterkit.examples.it;

import io.clusterkit.examples.counter.CounterVerticle;
import io.clusterkit.examples.it.support.CounterLoad;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared counter example: 10,000 hits from concurrent clients spread over two workers. The
 * cluster-wide counter reads exactly 10,000; each worker's in-memory count (the pitfall) saw
 * only its share, and the shares add up to 10,000.
 */
@Timeout(240)
@ClusterKitTest(workers = 2, verticle = CounterVerticle.class)
class SharedCounterIT {

  private static final int CLIENTS = 8;
  private static final int HITS_PER_CLIENT = 1_250;

  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
  }

  @Test
  void clusterCounterCountsEveryHitWhilePerWorkerCountsSeeOnlyTheirShare() throws Exception {
    CounterLoad.hitConcurrently(port, CLIENTS, HITS_PER_CLIENT);
    CounterLoad.assertExactTotalSplitOverWorkers(CounterLoad.countsOfEachWorker(port, 2),
        CLIENTS * HITS_PER_CLIENT);
  }
}
