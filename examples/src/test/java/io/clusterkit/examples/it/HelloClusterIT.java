package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One hello cluster of two real worker JVMs behind a real launcher, shared by the tests. */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelloClusterIT {

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(2).extension();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  @Test
  @Order(1)
  void freshConnectionsReachBothWorkers() throws IOException {
    Set<Long> pids = new HashSet<>();
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      RawHttp.Response response = RawHttp.get(port, "/");
      assertThat(response.status()).as("request %d: %s", i, response).isEqualTo(200);
      pids.add(response.pid());
      slots.add(response.worker());
    }
    assertThat(pids).as("distinct worker pids over 200 requests").hasSize(2);
    assertThat(slots).containsExactlyInAnyOrder(0, 1);
  }

  @Test
  @Order(2)
  void keepAliveAndPipelinedRequestsAreServedByOneWorkerInOrder() throws IOException {
    try (KeepAliveConnection connection = new KeepAliveConnection(port)) {
      RawHttp.Response first = connection.get("/");
      for (int i = 0; i < 16; i++) {
        connection.send(i % 2 == 0 ? "/slow?ms=" + (16 - i) : "/");
      }
      for (int i = 0; i < 16; i++) {
        RawHttp.Response response = connection.read();
        assertThat(response.status()).as("pipelined response %d: %s", i, response).isEqualTo(200);
        assertThat(response.pid()).as("pid of pipelined response %d", i).isEqualTo(first.pid());
        if (i % 2 == 0) {
          assertThat(response.json().getLong("sleptMs")).as("pipelined response %d in order", i)
              .isEqualTo(16 - i);
        }
      }
    }
  }

  @Test
  @Order(3)
  void killedWorkerIsReplacedInItsSlotWithoutFailuresAfterTheExitIsSeen() throws Exception {
    long victim = Await.until(Duration.ofSeconds(10), () -> {
      try {
        RawHttp.Response r = RawHttp.get(port, "/");
        return r.worker() == 1 ? r.pid() : -1L;
      } catch (IOException e) {
        return -1L;
      }
    }, pid -> pid > 0, () -> "a response from slot 1");

    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<List<Outcome>>> loops = new ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    AtomicBoolean replaced = new AtomicBoolean();
    for (int c = 0; c < 4; c++) {
      loops.add(clients.submit(() -> requestLoop(until, replaced)));
    }
    TestCluster.signal(victim, "KILL");
    launcher.awaitWorker(1, w -> w.pid() != victim, Duration.ofSeconds(20));
    long exitSeenAt = System.nanoTime();
    long replacement = launcher.awaitWorker(1, w -> w.gen() == 2 && w.ready(),
        Duration.ofSeconds(60)).pid();
    replaced.set(true);
    // why the worker went, as the status reports it (the slot's latest exit)
    JsonObject lastExit = launcher.worker(1).json().getJsonObject("lastExit");

    List<Outcome> outcomes = new ArrayList<>();
    for (Future<List<Outcome>> loop : loops) {
      outcomes.addAll(loop.get(90, TimeUnit.SECONDS));
    }
    clients.shutdownNow();

    long failures = outcomes.stream().filter(o -> !o.ok()).count();
    long failuresAfterLog = outcomes.stream()
        .filter(o -> !o.ok() && o.startedNanos() - exitSeenAt > 0).count();
    assertThat(lastExit).as("slot 1's last exit in /status").isNotNull();
    assertThat(lastExit.getLong("pid")).isEqualTo(victim);
    assertThat(lastExit.getString("signal")).isEqualTo("KILL");
    assertThat(lastExit.getBoolean("planned")).isFalse();
    assertThat(lastExit.getString("description")).contains("signal 9", "unexpected");
    assertThat(outcomes.stream().filter(Outcome::ok).count()).as("successful requests")
        .isGreaterThan(20);
    assertThat(failures).as("failures: at most one in flight per client on the killed worker; "
        + "outcomes=" + outcomes.stream().filter(o -> !o.ok()).toList()).isLessThanOrEqualTo(4);
    assertThat(failuresAfterLog).as("failures started after the exit showed in the status")
        .isZero();
    assertThat(replacement).isNotEqualTo(victim);
    RawHttp.Response fromSlot1 = Await.until(Duration.ofSeconds(10), () -> {
      try {
        return RawHttp.get(port, "/");
      } catch (IOException e) {
        return null;
      }
    }, r -> r != null && r.worker() == 1, () -> "a response from slot 1");
    assertThat(fromSlot1.pid()).isEqualTo(replacement);
  }

  private static List<Outcome> requestLoop(long until, AtomicBoolean stop) {
    List<Outcome> outcomes = new ArrayList<>();
    int count = 0;
    while (System.nanoTime() - until < 0 && count < 5_000) {
      long started = System.nanoTime();
      try {
        RawHttp.Response response = RawHttp.get(port, "/", 10_000);
        outcomes.add(new Outcome(started, response.status() == 200, "" + response.status()));
      } catch (IOException e) {
        outcomes.add(new Outcome(started, false, e.toString()));
      }
      count++;
      if (count % 20 == 0 && stop.get()) {
        break;
      }
    }
    return outcomes;
  }

  private record Outcome(long startedNanos, boolean ok, String what) {
  }
}
