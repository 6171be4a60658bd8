package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests a worker's own server receives count as serve()'s do: with {@code -max-requests}
 * a plain verticle's worker is recycled drain-first after that many, the first request of each
 * connection included (Vert.x builds an h2c-capable pipeline while it reads that request), and
 * no request fails meanwhile.
 */
@Timeout(180)
class SharedListenMaxRequestsIT {

  private static final int HTTP = SharedListenIT.freePort();

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(1)
      .option("-host", "127.0.0.1").option("-grace", "3").option("-max-requests", "30")
      .option("-conf", new JsonObject().put("host", "127.0.0.1").put("port", HTTP).encode())
      .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).extension();

  @Test
  void newConnectionsEachWithOneRequestRecycleTheWorkerAtItsLimit() {
    TestCluster cluster = KIT.cluster();
    cluster.awaitReady();
    long first = cluster.worker(0).pid();
    List<String> failures = new ArrayList<>();
    WorkerStatus recycled = Await.until(Duration.ofSeconds(120), () -> {
      try {
        RawHttp.Response response = RawHttp.get(HTTP, "/", 10_000);
        if (response.status() != 200) {
          failures.add(response.toString());
        }
      } catch (IOException e) {
        failures.add(e.toString());
        throw new UncheckedIOException(e);
      }
      return cluster.worker(0);
    }, w -> w.gen() >= 2 && w.ready() && w.lastExit() != null, "slot 0 recycled, READY again");

    assertThat(failures).as("failed requests while recycling").isEmpty();
    JsonObject exit = recycled.lastExit();
    assertThat(exit.getLong("pid")).isEqualTo(first);
    assertThat(exit.getBoolean("planned")).as("%s", exit).isTrue();
    assertThat(exit.getString("reason")).as("why the first worker went")
        .matches("served \\d+ requests \\(-max-requests 30\\).*");
  }
}
