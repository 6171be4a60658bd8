package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.hello.HelloVerticle;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code -spare-delay}: a spare that refills the pool starts to boot only once the slot's
 * worker has served for the delay, after the first boot and after a {@code kill -9} promotion;
 * meanwhile {@code status} shows the wait. Seen through status alone: the worker's uptime (since
 * READY) against the spare's age (since the launcher started it). One cluster (1 worker, 1
 * spare, no warm-up) serves both tests, in order.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpareDelayIT {

  private static final long DELAY_MS = 3_000;
  /** Status reads the workers' clock a little before the spares': the gap, with room. */
  private static final long SLACK_MS = 300;

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(1).spares(1)
      .option("-spare-delay", DELAY_MS + "ms").option("-spare-warmup", "0")
      .verticle(HelloVerticle.class).extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  private static List<JsonObject> spares(JsonObject status) {
    return status.getJsonArray("spares", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
  }

  private static JsonObject slot0(JsonObject status) {
    return status.getJsonArray("workers").getJsonObject(0);
  }

  /**
   * Waits for the first status that shows a spare other than notThis, and checks that it was
   * started once slot 0's worker had served the delay: its age is at most the worker's uptime
   * less the delay.
   */
  private static JsonObject awaitSpareStartedAfterTheDelay(long notThis) {
    JsonObject status = launcher.awaitStatus(s -> spares(s).stream()
        .anyMatch(spare -> spare.getLong("pid") != notThis), Duration.ofSeconds(90));
    JsonObject spare = spares(status).stream().filter(s -> s.getLong("pid") != notThis)
        .findFirst().orElseThrow();
    JsonObject worker = slot0(status);
    long startedAfterReady = worker.getLong("uptimeMs") - spare.getLong("ageMs");
    System.out.println("spare " + spare.getInteger("spare") + " started " + startedAfterReady
        + " ms after slot 0 gen " + worker.getInteger("gen") + " became READY");
    assertThat(worker.getString("state")).isEqualTo("READY");
    assertThat(startedAfterReady).as("ms from slot 0's READY to the spare's start: %s", status)
        .isGreaterThanOrEqualTo(DELAY_MS - SLACK_MS);
    assertThat(status.getJsonObject("spareHold")).as("the wait is over").isNull();
    return spare;
  }

  @Test
  @Order(1)
  void firstBootsSpareStartsOnlyOnceTheWorkerHasServedTheDelay() {
    JsonObject spare = awaitSpareStartedAfterTheDelay(-1);

    assertThat(spare.getString("state")).isEqualTo("SPARE");
  }

  @Test
  @Order(2)
  void afterAKillTheSlotTakesTheSpareAtOnceAndTheNextSpareWaitsForTheDelay() throws Exception {
    JsonObject spare = launcher.awaitStatus(s -> spares(s).stream()
        .anyMatch(sp -> sp.getBoolean("booted")), Duration.ofSeconds(90));
    long sparePid = spares(spare).get(0).getLong("pid");
    long victim = launcher.worker(0).pid();

    TestCluster.signal(victim, "KILL");
    JsonObject young = launcher.awaitStatus(s -> slot0(s).getLong("pid") == sparePid
        && "READY".equals(slot0(s).getString("state")) && s.getJsonObject("spareHold") != null
        && s.getJsonObject("spareHold").getValue("bootsInMs") != null, Duration.ofSeconds(60));

    assertThat(spares(young)).as("no spare boots while slot 0 is young: %s", young).isEmpty();
    JsonObject hold = young.getJsonObject("spareHold");
    assertThat(hold.getInteger("slot")).isZero();
    assertThat(hold.getInteger("gen")).isEqualTo(slot0(young).getInteger("gen"));
    assertThat(hold.getLong("delayMs")).isEqualTo(DELAY_MS);
    assertThat(hold.getLong("bootsInMs") + slot0(young).getLong("uptimeMs"))
        .as("boots the delay after slot 0's READY: %s", hold)
        .isBetween(DELAY_MS - SLACK_MS, DELAY_MS + SLACK_MS);
    assertThat(RawHttp.get(launcher.port(), "/").json().getLong("pid"))
        .as("the promoted spare serves").isEqualTo(sparePid);

    JsonObject next = awaitSpareStartedAfterTheDelay(sparePid);
    assertThat(next.getLong("pid")).isNotEqualTo(sparePid);
  }
}
