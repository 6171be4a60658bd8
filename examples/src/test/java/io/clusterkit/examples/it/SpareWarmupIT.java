package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.hello.HelloVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spare's warm-up ({@code -spare-warmup}): a slot that needs a process while the spare warms
 * up takes it at once and the warm-up is cut short; a spare left alone warms up to the end and
 * says so, with its request count, in {@code status}. One cluster (1 worker, 1 spare) serves both
 * tests, in order.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpareWarmupIT {

  /** Long enough that the first spare is surely still warming up when its slot comes. */
  private static final String WARMUP = "20s";
  /** The request cap of a warm-up, as the worker's SpareWarmup has it. */
  private static final long MAX_REQUESTS = 60_000;

  // -spare-delay 0: the warm-up is the subject; the delay would only hold each spare's boot 10 s
  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(1).spares(1)
      .verticle(HelloVerticle.class).option("-spare-warmup", WARMUP)
      .option("-spare-delay", "0").extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  private static List<JsonObject> spares() {
    return launcher.status().getJsonArray("spares", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
  }

  /** Waits until a spare other than those given reports its warm-up in one of the states. */
  private static JsonObject awaitSpareWarmup(Set<Long> notThese, Set<String> states,
      Duration timeout) {
    return Await.until(timeout, () -> find(notThese, states),
        Optional::isPresent, () -> "a spare other than " + notThese + " with its warm-up in "
            + states + " (spares: " + spares() + ")").orElseThrow();
  }

  private static Optional<JsonObject> find(Set<Long> notThese, Set<String> states) {
    return spares().stream()
        .filter(s -> !notThese.contains(s.getLong("pid")) && s.getJsonObject("warmup") != null
            && states.contains(s.getJsonObject("warmup").getString("state")))
        .findFirst();
  }

  @Test
  @Order(1)
  void killDuringTheWarmupPromotesTheSpareAtOnceAndCutsTheWarmupShort() throws Exception {
    JsonObject spare = awaitSpareWarmup(Set.of(), Set.of("running"), Duration.ofSeconds(120));
    long sparePid = spare.getLong("pid");
    long victim = launcher.worker(0).pid();

    long killed = System.nanoTime();
    TestCluster.signal(victim, "KILL");
    WorkerStatus replaced = launcher.awaitWorker(0, w -> w.pid() != victim && w.ready(),
        Duration.ofSeconds(60));
    long millis = (System.nanoTime() - killed) / 1_000_000;
    System.out.println("kill -9 during the spare's warm-up -> READY again: " + millis + " ms");

    assertThat(replaced.pid()).as("the warming spare took the slot").isEqualTo(sparePid);
    assertThat(millis).as("READY again well before the %s warm-up could have ended", WARMUP)
        .isLessThan(15_000);
    JsonObject warmup = Await.until(Duration.ofSeconds(30),
        () -> launcher.worker(0).json().getJsonObject("warmup"),
        w -> w != null && !"running".equals(w.getString("state")),
        () -> "slot 0's warm-up report after its promotion");
    assertThat(warmup.getString("state")).as("warm-up of the promoted spare: %s", warmup)
        .isEqualTo("cut");
    assertThat(warmup.getLong("requests")).as("cut short: %s", warmup).isLessThan(MAX_REQUESTS);
    assertThat(warmup.getLong("millis")).as("cut short: %s", warmup).isLessThan(20_000);
    RawHttp.Response answer = RawHttp.get(launcher.port(), "/");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getLong("pid")).as("served by the promoted spare")
        .isEqualTo(sparePid);
  }

  @Test
  @Order(2)
  void aSpareLeftAloneWarmsUpToTheEndAndSaysSoInStatus() {
    long serving = launcher.worker(0).pid();

    JsonObject spare = awaitSpareWarmup(Set.of(serving), Set.of("done", "failed"),
        Duration.ofSeconds(150));

    JsonObject warmup = spare.getJsonObject("warmup");
    assertThat(warmup.getString("state")).as("warm-up: %s", warmup).isEqualTo("done");
    assertThat(warmup.getLong("requests")).as("requests answered: %s", warmup)
        .isBetween(1L, MAX_REQUESTS);
    assertThat(warmup.getLong("newConnections")).as("some on new connections: %s", warmup)
        .isPositive();
    assertThat(warmup.getLong("budgetMillis")).isEqualTo(20_000L);
    assertThat(spare.getString("state")).isEqualTo("SPARE");
    assertThat(launcher.workers()).extracting(WorkerStatus::pid).containsExactly(serving);
  }
}
