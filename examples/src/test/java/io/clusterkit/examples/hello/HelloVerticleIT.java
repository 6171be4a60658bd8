package io.clusterkit.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hello verticle tested the way a user tests their own: one test dependency
 * ({@code clusterkit-launcher}), a real cluster of two worker JVMs from the annotation, and the
 * cluster's handle as a parameter.
 */
@ClusterKitTest(workers = 2, verticle = HelloVerticle.class)
class HelloVerticleIT {

  @Test
  void requestsReachBothWorkers(TestCluster cluster) throws IOException {
    Set<Integer> workers = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      RawHttp.Response response = RawHttp.get(cluster.port(), "/");
      assertThat(response.status()).isEqualTo(200);
      workers.add(response.json().getInteger("worker"));
    }
    assertThat(workers).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void aKilledWorkerIsReplacedInItsSlot(TestCluster cluster) {
    WorkerStatus before = cluster.worker(1);
    TestCluster.signal(before.pid(), "KILL");

    WorkerStatus after = cluster.awaitWorker(1,
        worker -> worker.gen() > before.gen() && worker.ready(), Duration.ofSeconds(60));

    assertThat(after.pid()).isNotEqualTo(before.pid());
    assertThat(cluster.workers()).allMatch(WorkerStatus::ready);
  }
}
