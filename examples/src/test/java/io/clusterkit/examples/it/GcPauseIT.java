package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.gc.PauseVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GC-pause example that {@code bench/instances_bench.py} runs: a GC-heavy request makes its
 * megabytes live through a full collection and reports it, the worker serves on afterwards (the
 * objects were let go: no recycle, no out-of-memory), and a bad size is a 400.
 */
@Timeout(120)
@ClusterKitTest(workers = 1, verticle = PauseVerticle.class, args = {"-max-memory", "150m"})
class GcPauseIT {

  @Test
  void aGcHeavyRequestRunsAFullCollectionAndTheWorkerServesOn(TestCluster cluster)
      throws Exception {
    long pid = RawHttp.get(cluster.port(), "/").pid();
    for (int i = 0; i < 3; i++) {
      RawHttp.Response heavy = RawHttp.get(cluster.port(), "/gc?mb=100", 60_000);
      JsonObject answer = heavy.json();
      assertThat(heavy.status()).as("%s", heavy).isEqualTo(200);
      assertThat(answer.getInteger("mb")).isEqualTo(100);
      assertThat(answer.getDouble("gcMs")).as("%s", answer).isPositive();
    }
    assertThat(RawHttp.get(cluster.port(), "/").pid()).as("the same worker serves on")
        .isEqualTo(pid);
    assertThat(cluster.worker(0).gen()).as("never recycled past -max-memory").isEqualTo(1);
    assertThat(RawHttp.get(cluster.port(), "/gc?mb=0").status()).isEqualTo(400);
  }
}
