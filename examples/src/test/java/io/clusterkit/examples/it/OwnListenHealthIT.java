package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnHealthVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.HealthAdmission;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code -health /healthz} on 2 workers of a plain verticle that serves only through its own
 * {@code listen(port)} ({@link OwnHealthVerticle}, no {@code serve()}), warming up for 2 s from
 * its first request: the launcher checks each worker's own server (the check connection goes
 * to that worker's server channel, never through the shared port). Readiness: a worker is routed
 * to only once a check of it passed, at the first boot and through a reload under load, so no
 * client ever gets {@code warming}. Liveness: a worker whose check fails twice in a row is
 * replaced in its slot while the other serves.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnListenHealthIT {

  private static final int PORT = SharedListenIT.freePort();
  private static final long WARMUP_MS = 2_000;

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2).withoutPort()
      .option("-host", "127.0.0.1").option("-grace", "2")
      .option("-conf", new JsonObject().put("port", PORT).put("warmupMs", WARMUP_MS).encode())
      .option("-health", "/healthz").option("-health-interval", "0.5")
      .option("-health-failures", "2")
      .classpath(Clusters.TEST_CLASSES).verticle(OwnHealthVerticle.class).extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  private static List<JsonObject> workers() {
    return HealthAdmission.workers(launcher);
  }

  private static Set<Long> pids() {
    return HealthAdmission.pids(launcher);
  }

  private static JsonObject admitted(int slot, int gen) {
    return HealthAdmission.admitted(launcher, slot, gen, Duration.ofSeconds(90));
  }

  @Test
  @Order(1)
  void firstBootRoutesToEachWorkerOnlyOnceACheckOfItsOwnServerPassed() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      JsonObject health = admitted(slot, 1);
      assertThat(health.getLong("admittedAfterMs")).as("slot %d held while warming up: %s",
          slot, health).isGreaterThanOrEqualTo(WARMUP_MS - 100);
      assertThat(health.getString("refusedWith")).as("what held it back: %s", health)
          .startsWith("503");
      assertThat(health.getString("probe")).as("%s", health).startsWith("127.0.0.1:");
      assertThat(health.containsKey("probeTls")).as("%s", health).isFalse();
    }
    Set<Long> served = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      RawHttp.Response response = RawHttp.get(PORT, "/", 10_000);
      assertThat(response.status()).as("answer %d: %s", i, response).isEqualTo(200);
      served.add(response.pid());
    }
    assertThat(served).as("workers answering on the application's own port")
        .isEqualTo(pids());
  }

  @Test
  @Order(2)
  void reloadUnderLoadNeverRoutesToAWorkerStillWarmingUp() throws Exception {
    Set<Long> before = pids();
    LoadGenerator load = new LoadGenerator(PORT, 8, 20, Duration.ofSeconds(150));
    load.around(200, launcher::reload);
    assertThat(load.failures()).as("answers other than 200 (a 'warming' one means a worker was "
        + "routed to before its health check passed)").isEmpty();
    Set<Long> after = pids();
    assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.pids()).as("the new workers served").containsAll(after);
    for (int slot = 0; slot < 2; slot++) {
      JsonObject health = admitted(slot, 2);
      assertThat(health.getLong("admittedAfterMs")).as("slot %d gen 2 held while warming up: %s",
          slot, health).isGreaterThanOrEqualTo(WARMUP_MS - 100);
    }
  }

  @Test
  @Order(3)
  void workerFailingItsHealthCheckIsReplacedWhileTheOtherServes() throws Exception {
    long gen = launcher.worker(1).gen();
    long other = launcher.worker(0).pid();
    LoadGenerator load = new LoadGenerator(PORT, 4, 20, Duration.ofSeconds(120));
    WorkerStatus ready;
    long victim;
    try {
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= 100, () -> "100 answers first");
      try (KeepAliveConnection sick = KeepAliveConnection.toSlot(PORT, 1)) {
        RawHttp.Response answer = sick.get("/sick");
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        victim = answer.pid();
      }
      launcher.awaitWorker(1, w -> !(w.pid() == victim && w.ready()), Duration.ofSeconds(15));
      for (int i = 0; i < 20; i++) {
        RawHttp.Response response = RawHttp.get(PORT, "/", 10_000);
        assertThat(response.status()).as("request %d after routing stopped", i).isEqualTo(200);
        assertThat(response.pid()).as("request %d after routing stopped", i).isNotEqualTo(victim);
      }
      ready = launcher.awaitWorker(1, w -> w.gen() == gen + 1 && w.ready(),
          Duration.ofSeconds(90));
      int afterReplacement = load.ok();
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= afterReplacement + 100,
          () -> "100 answers after the replacement");
    } finally {
      load.close();
    }
    JsonObject exit = launcher.awaitWorker(1, w -> w.lastExit() != null
        && w.lastExit().getLong("pid") == victim, Duration.ofSeconds(10)).lastExit();
    assertThat(exit.getString("reason")).as("why it was replaced: %s", exit)
        .isEqualTo("health check GET /healthz failed 2 times: 503");
    try (KeepAliveConnection connection = KeepAliveConnection.toSlot(PORT, 1)) {
      assertThat(connection.get("/").pid()).as("the new worker serves slot 1")
          .isEqualTo(ready.pid());
    }
    assertThat(load.failures()).as("failed requests while slot 1 was replaced").isEmpty();
    assertThat(load.pids()).as("the other worker served throughout").contains(other);
  }
}
