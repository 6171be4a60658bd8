package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.MapVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Shared-map entries live in the launcher's Hazelcast member, not in the workers: 1,000 entries
 * stay readable after a {@code kill -9} of a worker, and after every worker has been replaced
 * one by one.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ClusterKitTest(workers = 2, verticle = MapVerticle.class)
class SharedMapSurvivesWorkersIT {

  private static final int ENTRIES = 1_000;

  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  private static JsonObject call(String method, String path) throws IOException {
    RawHttp.Response response = RawHttp.request(null, port, method, path, "", "", 30_000);
    assertThat(response.status()).as("%s %s", method, path).isEqualTo(200);
    return response.json();
  }

  private static void assertAllReadableFromBothWorkers(String when) throws IOException {
    for (int i = 0; i < 2; i++) {
      JsonObject check = call("GET", "/check?n=" + ENTRIES);
      assertThat(check.getInteger("found")).as("entries found by worker %d %s",
          check.getInteger("worker"), when).isEqualTo(ENTRIES);
    }
  }

  /** Kills the worker of a slot and waits until its replacement is READY. */
  private static void replace(int slot, int gen) throws Exception {
    long pid = launcher.awaitWorker(slot, w -> w.gen() == gen && w.ready(),
        Duration.ofSeconds(5)).pid();
    TestCluster.signal(pid, "KILL");
    launcher.awaitWorker(slot, w -> w.gen() == gen + 1 && w.ready(), Duration.ofSeconds(90));
  }

  @Test
  @Order(1)
  void entryPutThroughOneWorkerIsReadThroughTheOtherAsSoonAsThePutCompletes() throws Exception {
    for (int i = 0; i < 10; i++) {
      JsonObject put = call("POST", "/put?k=now" + i + "&v=value" + i);
      JsonObject get = call("GET", "/get?k=now" + i);
      if (get.getInteger("worker").equals(put.getInteger("worker"))) {
        continue; // round-robin gave both to one worker this time: try again
      }
      assertThat(get.getString("value")).as("read through worker %d right after the put "
          + "through worker %d", get.getInteger("worker"), put.getInteger("worker"))
          .isEqualTo("value" + i);
      return;
    }
    throw new AssertionError("round-robin never sent a put and the next get to two workers");
  }

  @Test
  @Order(2)
  void entriesSurviveAKilledWorkerAndTheReplacementOfEveryWorker() throws Exception {
    assertThat(call("POST", "/fill?n=" + ENTRIES).getInteger("filled")).isEqualTo(ENTRIES);
    assertAllReadableFromBothWorkers("after the fill");

    replace(0, 1);
    assertAllReadableFromBothWorkers("after kill -9 of slot 0");

    replace(1, 1);
    replace(0, 2);
    assertAllReadableFromBothWorkers("after every worker was replaced one by one");
  }
}
