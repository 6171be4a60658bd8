package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.SlotAtStartVerticle;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.examples.it.support.WorkerCalls;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonArray;
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
 * Spares ({@code -spares 1}): a booted worker JVM without a slot takes the next slot that needs
 * a process, so the slot serves again without a JVM boot, with the right {@code workerId()} from
 * {@code start()} on and the slot's messages; a spare that dies, or is still booting when it is
 * needed, changes nothing for the slots; {@code status} shows it as SPARE. One cluster serves
 * every test, in order; the last test runs one of its own with {@code -spares 0}.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparesIT {

  static final String NAME = "spares-it";

  @RegisterExtension
  // -spare-delay 0: each test begins with a refilled spare, and the delay (SpareDelayIT's
  // subject) would hold every refill 10 s more
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2).spares(1)
      .verticle(SlotAtStartVerticle.class).option("-name", NAME).option("-spare-delay", "0")
      .extension();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  private static List<JsonObject> spares(TestCluster cluster) {
    return cluster.status().getJsonArray("spares", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
  }

  /** Waits for a booted spare whose pid is none of those given, and returns it. */
  private static JsonObject awaitBootedSpare(Set<Long> notThese) {
    return Await.until(Duration.ofSeconds(90), () -> spares(launcher), list -> list.stream()
            .anyMatch(s -> s.getBoolean("booted") && !notThese.contains(s.getLong("pid"))),
        () -> "a booted spare other than " + notThese).stream()
        .filter(s -> s.getBoolean("booted") && !notThese.contains(s.getLong("pid")))
        .findFirst().orElseThrow();
  }

  private static Set<Long> workerPids() {
    Set<Long> pids = new HashSet<>();
    launcher.workers().forEach(w -> pids.add(w.pid()));
    return pids;
  }

  @Test
  @Order(1)
  void statusShowsTheSpareApartFromTheSlots() throws Exception {
    JsonObject spare = awaitBootedSpare(Set.of());

    assertThat(spare.getString("state")).isEqualTo("SPARE");
    assertThat(launcher.workers()).as("a spare is not in the slot table")
        .extracting(WorkerStatus::slot).containsExactly(0, 1);
    assertThat(workerPids()).doesNotContain(spare.getLong("pid"));
    assertThat(ProcessHandle.of(spare.getLong("pid")).map(ProcessHandle::isAlive))
        .hasValue(true);
    ControlCommand.Result status = ControlCommand.run(launcher, Duration.ofSeconds(30),
        "status", "-name", NAME);
    assertThat(status.exitCode()).as("status: %s", status).isZero();
    assertThat(status.out()).containsPattern("-\\s+spare \\d+\\s+" + spare.getLong("pid")
        + "\\s+SPARE");
  }

  @Test
  @Order(2)
  void killedWorkersSlotIsTakenByTheSpareWithItsIdAndItsMessages() {
    JsonObject spare = awaitBootedSpare(Set.of());
    long sparePid = spare.getLong("pid");
    long victim = launcher.worker(1).pid();

    long killed = System.nanoTime();
    TestCluster.signal(victim, "KILL");
    WorkerStatus replaced = launcher.awaitWorker(1, w -> w.pid() != victim && w.ready(),
        Duration.ofSeconds(60));
    long millis = (System.nanoTime() - killed) / 1_000_000;
    System.out.println("kill -9 of slot 1 -> READY again with the spare: " + millis + " ms");

    assertThat(replaced.pid()).as("the spare's process: no JVM was booted").isEqualTo(sparePid);
    JsonObject me = WorkerCalls.fromWorker(port, 1, "GET", "/whoami");
    assertThat(me.getLong("pid")).isEqualTo(sparePid);
    assertThat(me.getInteger("slotAtStart")).as("workerId() in start()").isEqualTo(1);
    JsonObject asked = WorkerCalls.fromWorker(port, 0, "GET", "/ask?slot=1");
    assertThat(asked.getJsonObject("reply")).as("slot 1's message reaches the new process: %s",
        asked).isNotNull();
    assertThat(asked.getJsonObject("reply").getLong("pid")).isEqualTo(sparePid);
    JsonObject next = awaitBootedSpare(Set.of(sparePid));
    assertThat(next.getLong("pid")).as("a new spare booted in the background")
        .isNotEqualTo(sparePid);
  }

  @Test
  @Order(3)
  void spareKilledWhileWaitingIsReplacedAndTheSlotsDoNotNotice() {
    Set<Long> workers = workerPids();
    long spare = awaitBootedSpare(Set.of()).getLong("pid");

    TestCluster.signal(spare, "KILL");

    JsonObject next = awaitBootedSpare(Set.of(spare));
    assertThat(next.getLong("pid")).isNotEqualTo(spare);
    assertThat(workerPids()).as("the slots keep their workers").isEqualTo(workers);
    assertThat(launcher.workers()).allMatch(WorkerStatus::ready);
  }

  @Test
  @Order(4)
  void slotTakesASpareThatIsStillBooting() {
    long waiting = awaitBootedSpare(Set.of()).getLong("pid");
    TestCluster.signal(waiting, "KILL");
    // its replacement starts after the backoff: caught while it boots
    JsonObject booting = Await.until(Duration.ofSeconds(30), () -> spares(launcher),
        list -> list.stream().anyMatch(s -> !s.getBoolean("booted") && s.getLong("pid") > 0),
        "a spare that is still booting").get(0);
    long victim = launcher.worker(0).pid();

    TestCluster.signal(victim, "KILL");

    WorkerStatus replaced = launcher.awaitWorker(0, w -> w.pid() != victim && w.ready(),
        Duration.ofSeconds(90));
    assertThat(replaced.pid()).as("the booting spare, not a JVM started after the crash")
        .isEqualTo(booting.getLong("pid"));
    assertThat(WorkerCalls.fromWorker(port, 0, "GET", "/whoami").getInteger("slotAtStart"))
        .isEqualTo(0);
  }

  @Test
  @Order(5)
  void scaleUpTakesTheSpareAndFailsNoRequestUnderLoad() throws Exception {
    long spare = awaitBootedSpare(Set.of()).getLong("pid");
    LoadGenerator load = new LoadGenerator(port, 16, 30, Duration.ofSeconds(120));
    WorkerStatus third = load.around(300, () -> {
      launcher.scale(3);
      return launcher.awaitWorker(2, WorkerStatus::ready, Duration.ofSeconds(60));
    });

    assertThat(third.pid()).as("slot 2 is the spare").isEqualTo(spare);
    assertThat(load.failures()).as("failed requests while scaling up").isEmpty();
    assertThat(WorkerCalls.fromWorker(port, 2, "GET", "/whoami").getInteger("slotAtStart"))
        .isEqualTo(2);
    launcher.scale(2);
    launcher.awaitWorkers(s -> s.size() == 2 && s.stream().allMatch(WorkerStatus::ready),
        Duration.ofSeconds(60));
  }

  @Test
  @Order(20)
  void sparesZeroKeepsNoSpareAndBootsAJvmPerReplacement() {
    try (TestCluster none = ClusterKit.cluster().workers(1).spares(0)
        .verticle(SlotAtStartVerticle.class).start()) {
      none.awaitReady();
      long victim = none.worker(0).pid();
      TestCluster.signal(victim, "KILL");
      WorkerStatus replaced = none.awaitWorker(0, w -> w.pid() != victim && w.ready(),
          Duration.ofSeconds(90));

      assertThat(spares(none)).as("no spare, ever").isEmpty();
      assertThat(replaced.pid()).isNotEqualTo(victim);
      assertThat(none.workerPids()).as("one JVM per slot process, nothing else")
          .containsExactlyInAnyOrder(victim, replaced.pid());
    }
  }
}
