package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.WorkerTransport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

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

  private static LauncherProcess launcher;
  private static int port;

  @BeforeAll
  static void startCluster() throws IOException {
    launcher = LauncherProcess.cluster(2, LauncherProcess.TEST_CLASSES,
        "io.clusterkit.examples.it.HealthCheckVerticle", "-name", NAME,
        "-conf", "{\"warmupMs\":" + WARMUP_MS + "}",
        "-health", "/healthz", "-health-interval", "0.5", "-health-failures", "2");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
  }

  private static List<JsonObject> workers() {
    try {
      Control.Result status = Control.run(Duration.ofSeconds(30), "status", "-name", NAME,
          "-json");
      assertThat(status.exitCode()).as("status: %s", status).isZero();
      JsonArray workers = new JsonObject(status.out()).getJsonArray("workers");
      return java.util.stream.IntStream.range(0, workers.size())
          .mapToObj(workers::getJsonObject).toList();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("status failed", e);
    }
  }

  private static Set<Long> pids() {
    Set<Long> pids = new HashSet<>();
    workers().forEach(worker -> pids.add(worker.getLong("pid")));
    return pids;
  }

  /** The line saying how long the gate held a worker: its health check passed after N ms. */
  private static long passedAfterMillis(int slot, int gen, int from) {
    Matcher passed = launcher.awaitLine(Pattern.compile("slot " + slot + " gen " + gen
        + " pid \\d+ - health check GET /healthz passed \\(200\\) after (\\d+) ms"),
        Duration.ofSeconds(60), from);
    return Long.parseLong(passed.group(1));
  }

  @Test
  @Order(1)
  void firstBootRoutesToEachWorkerOnlyOnceItsHealthCheckPassed() {
    for (int slot = 0; slot < 2; slot++) {
      assertThat(passedAfterMillis(slot, 1, 0)).as("slot %d held while warming up", slot)
          .isGreaterThanOrEqualTo(WARMUP_MS - 100);
      launcher.awaitLine(Pattern.compile("slot " + slot + " gen 1 pid \\d+ - not routed to until "
          + "its health check passes: GET /healthz: 503"), Duration.ofSeconds(5));
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
    int mark = launcher.lineCount();
    LoadGenerator load = new LoadGenerator(port, 8, 20, Duration.ofSeconds(150));
    Control.Result reload = load.around(200, () ->
        Control.run(Duration.ofSeconds(150), "reload", "-name", NAME));
    assertThat(reload.exitCode()).as("reload: %s", reload).isZero();
    assertThat(load.failures()).as("answers other than 200 (a 'warming' one means a worker was "
        + "routed to before its health check passed)").isEmpty();
    Set<Long> after = pids();
    assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.pids()).as("the new workers served").containsAll(after);
    for (int slot = 0; slot < 2; slot++) {
      assertThat(passedAfterMillis(slot, 2, mark)).as("slot %d gen 2 held while warming up", slot)
          .isGreaterThanOrEqualTo(WARMUP_MS - 100);
    }
  }

  @Test
  @Order(3)
  void workerFailingItsHealthCheckIsReplacedWhileTheOtherServes() throws Exception {
    JsonObject sickSlot = workers().get(1);
    int gen = sickSlot.getInteger("gen");
    long other = workers().get(0).getLong("pid");
    int mark = launcher.lineCount();
    LoadGenerator load = new LoadGenerator(port, 4, 20, Duration.ofSeconds(120));
    Matcher ready;
    long victim;
    try {
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= 100, () -> "100 answers first");
      try (KeepAliveConnection sick = KeepAliveConnection.toSlot(port, 1)) {
        RawHttp.Response answer = sick.get("/sick");
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        victim = answer.pid();
      }
      long sickAt = System.nanoTime();
      assertThat(victim).isEqualTo(sickSlot.getLong("pid"));
      launcher.awaitLine(Pattern.compile("slot 1 gen " + gen + " pid " + victim
          + ": READY -> DRAINING .*health check GET /healthz failed 2 times: 503"),
          Duration.ofSeconds(15), mark);
      // two checks 0.5 s apart, a round's start, and the log line's way to the test
      assertThat(Duration.ofNanos(System.nanoTime() - sickAt).toMillis())
          .as("ms from the failing check to routing stopped").isLessThanOrEqualTo(5_000);
      for (int i = 0; i < 20; i++) {
        RawHttp.Response response = RawHttp.get(port, "/", 10_000);
        assertThat(response.status()).as("request %d after routing stopped", i).isEqualTo(200);
        assertThat(response.pid()).as("request %d after routing stopped", i).isNotEqualTo(victim);
      }
      ready = launcher.awaitLine(Pattern.compile("slot 1 gen " + (gen + 1)
          + " pid (\\d+): STARTING -> READY"), Duration.ofSeconds(60), mark);
      int afterReplacement = load.ok();
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= afterReplacement + 100,
          () -> "100 answers after the replacement");
    } finally {
      load.close();
    }
    long replacement = Long.parseLong(ready.group(1));
    assertThat(replacement).isNotEqualTo(victim);
    try (KeepAliveConnection connection = KeepAliveConnection.toSlot(port, 1)) {
      assertThat(connection.get("/").pid()).as("the new worker serves slot 1")
          .isEqualTo(replacement);
    }
    assertThat(load.failures()).as("failed requests while slot 1 was replaced").isEmpty();
    assertThat(load.pids()).as("the other worker served throughout").contains(other);
    assertThat(workers().get(0).getLong("pid")).as("slot 0 untouched").isEqualTo(other);
  }
}
