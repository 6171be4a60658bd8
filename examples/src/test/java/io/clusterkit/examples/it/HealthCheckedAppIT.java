package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.health.WarmUpVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The health-checked example under {@code -health /healthz}: while a new worker warms up its
 * {@code /healthz} answers 503 and the launcher keeps it STARTING, routing no client to it; a
 * client that arrives meanwhile waits and is served by a warm worker.
 */
@Timeout(180)
class HealthCheckedAppIT {

  private static final Duration BOOT = Duration.ofSeconds(90);

  @Test
  void noClientReachesAWorkerBeforeItsHealthCheckPasses() throws Exception {
    try (TestCluster cluster = ClusterKit.cluster().workers(1).option("-grace", "2")
        .classpath(Clusters.EXAMPLES_JAR).verticle(WarmUpVerticle.class)
        .option("-conf", "{\"warmupMs\":6000}")
        .option("-health", "/healthz").option("-health-interval", "0.5").start()) {
      // the worker is up (it answers the checks: 503 warming) but not yet routed to
      WorkerStatus waiting = cluster.awaitWorker(0, w -> w.pid() > 0 && w.health() != null
          && w.health().getBoolean("waiting", false), BOOT);
      assertThat(waiting.state()).as("%s", waiting).isEqualTo("STARTING");

      RawHttp.Response first = RawHttp.get(cluster.port(), "/", 30_000);
      JsonObject answer = first.json();
      assertThat(first.status()).isEqualTo(200);
      assertThat(answer.getBoolean("warm")).as("served warm: %s", answer).isTrue();
      assertThat(answer.getLong("upMs")).as("held until the warm-up was over: %s", answer)
          .isGreaterThanOrEqualTo(6000);
      WorkerStatus ready = cluster.worker(0);
      assertThat(ready.state()).isEqualTo("READY");
      assertThat(ready.health().getBoolean("waiting")).as("%s", ready).isFalse();
      assertThat(RawHttp.get(cluster.port(), "/healthz").body()).isEqualTo("ok");
    }
  }
}
