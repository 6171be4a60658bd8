package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.SlotAtStartVerticle;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every worker says where its boot went: {@code status} shows, per worker, its JVM start, class
 * loading and Vert.x, Hazelcast join, deploy and health check, each non-negative and adding up
 * to the total; a spare given a slot reports its wait apart, and {@code status -v} prints the
 * breakdown. No timing thresholds: the machine is shared. One cluster (1 worker, 1 spare, a
 * health check) serves both tests, in order.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootPhasesIT {

  static final String NAME = "boot-phases-it";

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(1).spares(1)
      .verticle(SlotAtStartVerticle.class).option("-name", NAME).option("-health", "/whoami")
      .option("-health-interval", "0.5").extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  /** The boot phases of slot 0's worker once its process is pid and it reported them. */
  private static JsonObject boot(long pid) {
    JsonObject worker = Await.until(Duration.ofSeconds(90), () -> slot0(launcher.status()),
        w -> w != null && w.getLong("pid") == pid && w.getJsonObject("boot") != null
            && w.getJsonObject("boot").containsKey("healthMs"),
        () -> "slot 0, pid " + pid + ", with its boot phases and health check");
    return worker.getJsonObject("boot");
  }

  private static JsonObject slot0(JsonObject status) {
    JsonArray workers = status.getJsonArray("workers", new JsonArray());
    return workers.stream().map(JsonObject.class::cast)
        .filter(w -> w.getInteger("slot") == 0).findFirst().orElse(null);
  }

  private static void assertAddsUp(JsonObject boot) {
    long sum = 0;
    for (String phase : new String[] {"jvmMs", "vertxMs", "joinMs", "deployMs", "reportMs",
        "healthMs"}) {
      assertThat(boot.getLong(phase)).as("%s in %s", phase, boot).isNotNull()
          .isGreaterThanOrEqualTo(0L);
      sum += boot.getLong(phase);
    }
    assertThat(boot.getLong("totalMs")).as("the phases add up to the total: %s", boot)
        .isBetween(sum - 5, sum + 5);
    assertThat(boot.getLong("joinMs") + boot.getLong("jvmMs") + boot.getLong("vertxMs"))
        .as("a JVM boot and a Hazelcast join take time: %s", boot).isPositive();
  }

  @Test
  @Order(1)
  void aSlotsOwnBootReportsEachPhaseAndTheyAddUpToTheTotal() {
    long pid = launcher.worker(0).pid();
    JsonObject boot = boot(pid);
    System.out.println("slot 0 boot: " + boot.encode());

    assertAddsUp(boot);
    assertThat(boot.containsKey("spareWaitMs")).as("not a spare's boot: %s", boot).isFalse();
  }

  @Test
  @Order(2)
  void aSparesBootReportsItsWaitApartAndStatusVerbosePrintsTheBreakdown() throws Exception {
    Await.until(Duration.ofSeconds(90), () -> launcher.status().getJsonArray("spares"),
        spares -> spares.stream().map(JsonObject.class::cast)
            .anyMatch(s -> s.getBoolean("booted")), () -> "a booted spare");
    long victim = launcher.worker(0).pid();
    TestCluster.signal(victim, "KILL");
    long replacement = launcher.awaitWorker(0, w -> w.pid() != victim && w.ready(),
        Duration.ofSeconds(90)).pid();
    JsonObject boot = boot(replacement);
    System.out.println("slot 0 boot by a spare: " + boot.encode());

    assertAddsUp(boot);
    assertThat(boot.getLong("spareWaitMs")).as("%s", boot).isNotNull()
        .isGreaterThanOrEqualTo(0L);
    ControlCommand.Result status = ControlCommand.run(launcher, Duration.ofSeconds(30),
        "status", "-v", "-name", NAME);
    assertThat(status.exitCode()).as("status -v: %s", status).isZero();
    assertThat(status.out()).containsPattern("slot 0 gen \\d+ boot: \\d+ ms = jvm \\d+ \\+ "
        + "vertx \\d+ \\+ join \\d+ \\+ deploy \\d+ \\+ report \\d+ \\+ health \\d+, "
        + "deployed after \\d+ ms as a spare");
    assertThat(launcher.output()).as("the launcher logs the boot")
        .containsPattern("slot 0 gen \\d+ pid " + replacement + " - booted in \\d+ ms");
  }
}
