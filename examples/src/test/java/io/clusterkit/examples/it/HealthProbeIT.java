package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.HealthCheckVerticle;
import io.clusterkit.examples.it.support.HealthAdmission;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.clusterkit.sticky.WorkerTransport;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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
 * The launcher's HTTP health check ({@code -health /healthz}) on 2 workers that warm up for 2 s
 * from their first request ({@link HealthCheckVerticle}), answering 503 {@code warming} to
 * everything until then. Readiness: a starting worker is routed to only once a check of it has
 * passed, so a reload under load shows no client a {@code warming} answer. Liveness: a worker
 * whose check fails twice in a row is no longer routed to and is replaced in its slot, while the
 * other worker serves throughout.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthProbeIT {

  private static final String NAME = "health-probe-it";
  private static final long WARMUP_MS = 2_000;

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      .verticle(HealthCheckVerticle.class).option("-name", NAME)
      .option("-conf", "{\"warmupMs\":" + WARMUP_MS + "}").option("-health", "/healthz")
      .option("-health-interval", "0.5").option("-health-failures", "2").extension();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  private static List<JsonObject> workers() {
    return HealthAdmission.workers(launcher);
  }

  private static Set<Long> pids() {
    return HealthAdmission.pids(launcher);
  }

  private static JsonObject admitted(int slot, int gen) {
    return HealthAdmission.admitted(launcher, slot, gen, Duration.ofSeconds(60));
  }

  @Test
  @Order(1)
  void firstBootRoutesToEachWorkerOnlyOnceItsHealthCheckPassed() {
    for (int slot = 0; slot < 2; slot++) {
      JsonObject health = admitted(slot, 1);
      assertThat(health.getLong("admittedAfterMs")).as("slot %d held while warming up: %s",
          slot, health).isGreaterThanOrEqualTo(WARMUP_MS - 100);
      assertThat(health.getInteger("admitChecks")).as("%s", health).isGreaterThan(1);
      assertThat(health.getString("refusedWith")).as("what held it back: %s", health)
          .startsWith("503");
    }
    // io_uring workers (the default where the kernel allows it) are probed over loopback TCP,
    // epoll workers over a Unix socket
    String probe = WorkerTransport.ioUringUnavailability() == null ? "127.0.0.1:" : "unix:";
    assertThat(workers()).allSatisfy(worker -> {
      assertThat(worker.getString("state")).isEqualTo("READY");
      assertThat(worker.getJsonObject("health").getInteger("failures")).isZero();
      assertThat(worker.getJsonObject("health").getBoolean("waiting")).isFalse();
      assertThat(worker.getJsonObject("health").getString("probe")).startsWith(probe);
    });
  }

  @Test
  @Order(2)
  void reloadUnderLoadNeverRoutesToAWorkerStillWarmingUp() throws Exception {
    Set<Long> before = pids();
    LoadGenerator load = new LoadGenerator(port, 8, 20, Duration.ofSeconds(150));
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
    JsonObject sickSlot = workers().get(1);
    long gen = sickSlot.getLong("gen");
    long other = workers().get(0).getLong("pid");
    LoadGenerator load = new LoadGenerator(port, 4, 20, Duration.ofSeconds(120));
    WorkerStatus ready;
    long victim;
    try {
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= 100, () -> "100 answers first");
      try (KeepAliveConnection sick = KeepAliveConnection.toSlot(port, 1)) {
        RawHttp.Response answer = sick.get("/sick");
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        victim = answer.pid();
      }
      long sickAt = System.nanoTime();
      assertThat(victim).isEqualTo(sickSlot.getLong("pid"));
      launcher.awaitWorker(1, w -> !(w.pid() == victim && w.ready()), Duration.ofSeconds(15));
      // two checks 0.5 s apart, a round's start, and a status poll
      assertThat(Duration.ofNanos(System.nanoTime() - sickAt).toMillis())
          .as("ms from the failing check to routing stopped").isLessThanOrEqualTo(5_000);
      for (int i = 0; i < 20; i++) {
        RawHttp.Response response = RawHttp.get(port, "/", 10_000);
        assertThat(response.status()).as("request %d after routing stopped", i).isEqualTo(200);
        assertThat(response.pid()).as("request %d after routing stopped", i).isNotEqualTo(victim);
      }
      ready = launcher.awaitWorker(1, w -> w.gen() == gen + 1 && w.ready(),
          Duration.ofSeconds(60));
      int afterReplacement = load.ok();
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= afterReplacement + 100,
          () -> "100 answers after the replacement");
    } finally {
      load.close();
    }
    long replacement = ready.pid();
    assertThat(replacement).isNotEqualTo(victim);
    JsonObject exit = launcher.awaitWorker(1, w -> w.lastExit() != null
        && w.lastExit().getLong("pid") == victim, Duration.ofSeconds(10)).lastExit();
    assertThat(exit.getString("reason")).as("why it was replaced: %s", exit)
        .isEqualTo("health check GET /healthz failed 2 times: 503");
    assertThat(exit.getBoolean("planned")).as("%s", exit).isTrue();
    try (KeepAliveConnection connection = KeepAliveConnection.toSlot(port, 1)) {
      assertThat(connection.get("/").pid()).as("the new worker serves slot 1")
          .isEqualTo(replacement);
    }
    assertThat(load.failures()).as("failed requests while slot 1 was replaced").isEmpty();
    assertThat(load.pids()).as("the other worker served throughout").contains(other);
    assertThat(workers().get(0).getLong("pid")).as("slot 0 untouched").isEqualTo(other);
  }
}
