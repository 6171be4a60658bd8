package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.TroubleVerticle;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
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
 * Workers that stop being healthy are replaced. One past {@code -max-memory} is recycled
 * drain-first, failing no request. One whose event loop is blocked past {@code -max-blocked}, or
 * that stops sending heartbeats (a process stopped with SIGSTOP), is replaced unroute-first:
 * routing to it stops, it is killed after the grace period, its slot gets a new worker, and the
 * other worker serves throughout.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ClusterKitTest(workers = 2, verticle = TroubleVerticle.class,
    args = {"-max-blocked", "2", "-heartbeat-timeout", "3", "-max-memory", "100m"})
class HealthIT {

  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  private static long genOf(int slot) {
    return launcher.worker(slot).gen();
  }

  private static long pidOf(int slot) throws IOException {
    try (KeepAliveConnection connection = KeepAliveConnection.toSlot(port, slot)) {
      return connection.get("/").pid();
    }
  }

  private void assertReplaced(int slot, long gen, long victim, long sickAt, long unroutedWithin,
      String reason) throws Exception {
    WorkerStatus draining = launcher.awaitWorker(slot,
        w -> !(w.gen() == gen && w.pid() == victim && w.ready()), Duration.ofSeconds(30));
    long unrouted = System.nanoTime();
    assertThat(Duration.ofNanos(unrouted - sickAt).toMillis())
        .as("ms from the fault to routing stopped (%s)", draining)
        .isLessThanOrEqualTo(unroutedWithin);
    for (int i = 0; i < 20; i++) {
      RawHttp.Response response = RawHttp.get(port, "/", 10_000);
      assertThat(response.status()).as("request %d after routing stopped", i).isEqualTo(200);
      assertThat(response.pid()).isNotEqualTo(victim);
    }
    launcher.awaitWorker(slot, w -> w.pid() != victim, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - unrouted).toMillis())
        .as("ms from routing stopped to the process gone (grace 2 s)").isLessThanOrEqualTo(4_000);
    WorkerStatus ready = launcher.awaitWorker(slot, w -> w.gen() == gen + 1 && w.ready(),
        Duration.ofSeconds(30));
    assertThat(pidOf(slot)).isEqualTo(ready.pid());
    assertThat(exitOf(slot, victim).getString("reason")).as("why it was replaced")
        .contains(reason);
  }

  /** The slot's lastExit in /status once it is victim's. */
  private static JsonObject exitOf(int slot, long victim) {
    return launcher.awaitWorker(slot, w -> w.lastExit() != null
        && w.lastExit().getLong("pid") == victim, Duration.ofSeconds(10)).lastExit();
  }

  @Test
  @Order(1)
  void workerPastItsMemoryCeilingIsRecycledWithoutAFailedRequest() throws Exception {
    RawHttp.Response hog;
    WorkerStatus replaced;
    LoadGenerator load = new LoadGenerator(port, 8, 20, Duration.ofSeconds(120));
    try {
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= 200, () -> "200 answers first");
      hog = RawHttp.get(port, "/hog?mb=130", 30_000);
      assertThat(hog.status()).as("%s", hog).isEqualTo(200);
      int slot = hog.worker();
      long hogPid = hog.pid();
      replaced = launcher.awaitWorker(slot, w -> w.gen() >= 2 && w.ready(),
          Duration.ofSeconds(60));
      JsonObject exit = exitOf(slot, hogPid);
      assertThat(exit.getString("reason")).as("why it went: %s", exit)
          .matches("heap after GC \\d+ MB over -max-memory 100 MB: replaced by gen \\d+");
      assertThat(exit.getBoolean("planned")).as("%s", exit).isTrue();
      assertThat(exit.getLong("gen")).isEqualTo(1);
      int before = load.ok();
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= before + 200,
          () -> "200 answers after the recycle");
    } finally {
      load.close();
    }
    assertThat(load.failures()).as("failed requests during the recycle (%s)", replaced)
        .isEmpty();
    assertThat(pidOf(hog.worker())).as("a new worker serves the slot").isNotEqualTo(hog.pid());
  }

  @Test
  @Order(2)
  void workerWhoseEventLoopStaysBlockedIsReplaced() throws Exception {
    long gen = genOf(1);
    KeepAliveConnection sick = KeepAliveConnection.toSlot(port, 1);
    long victim = sick.get("/").pid();
    sick.send("/block");
    long blockedAt = System.nanoTime();
    // -max-blocked 2 s + two heartbeats + 1 s, and 1 s for the status poll
    assertReplaced(1, gen, victim, blockedAt, 6_000, "event loop blocked for");
    sick.close();
  }

  @Test
  @Order(3)
  void workerThatStopsSendingHeartbeatsIsReplaced() throws Exception {
    long gen = genOf(0);
    long victim = pidOf(0);
    TestCluster.signal(victim, "STOP");
    long stoppedAt = System.nanoTime();
    // -heartbeat-timeout 3 s + one heartbeat + one check, and 1 s for the status poll
    assertReplaced(0, gen, victim, stoppedAt, 6_000, "no heartbeat for");
  }
}
