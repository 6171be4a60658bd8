package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
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
 * Workers that stop being healthy are replaced. One past {@code -max-memory} is recycled
 * drain-first, failing no request. One whose event loop is blocked past {@code -max-blocked}, or
 * that stops sending heartbeats (a process stopped with SIGSTOP), is replaced unroute-first:
 * routing to it stops, it is killed after the grace period, its slot gets a new worker, and the
 * other worker serves throughout.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

  private static LauncherProcess launcher;
  private static int port;

  @BeforeAll
  static void startCluster() throws IOException {
    launcher = LauncherProcess.cluster(2, LauncherProcess.TEST_CLASSES,
        "io.clusterkit.examples.it.TroubleVerticle", "-max-blocked", "2",
        "-heartbeat-timeout", "3", "-max-memory", "100m");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
  }

  private static int genOf(int slot) throws Exception {
    Control.Result status = Control.run(Duration.ofSeconds(30), "status", "-port",
        Integer.toString(port), "-json");
    assertThat(status.exitCode()).as("status: %s", status).isZero();
    return new io.vertx.core.json.JsonObject(status.out()).getJsonArray("workers")
        .getJsonObject(slot).getInteger("gen");
  }

  private static long pidOf(int slot) throws IOException {
    try (KeepAliveConnection connection = KeepAliveConnection.toSlot(port, slot)) {
      return connection.get("/").pid();
    }
  }

  private void assertReplaced(int slot, int gen, long victim, long sickAt, long unroutedWithin)
      throws Exception {
    int mark = 0;
    Matcher draining = launcher.awaitLine(Pattern.compile("slot " + slot + " gen " + gen
        + " pid " + victim + ": READY -> DRAINING"), Duration.ofSeconds(30), mark);
    long unrouted = System.nanoTime();
    assertThat(Duration.ofNanos(unrouted - sickAt).toMillis())
        .as("ms from the fault to routing stopped (%s)", draining.group(0))
        .isLessThanOrEqualTo(unroutedWithin);
    for (int i = 0; i < 20; i++) {
      RawHttp.Response response = RawHttp.get(port, "/", 10_000);
      assertThat(response.status()).as("request %d after routing stopped", i).isEqualTo(200);
      assertThat(response.pid()).isNotEqualTo(victim);
    }
    launcher.awaitLine(Pattern.compile("slot " + slot + " gen " + gen + " pid " + victim
        + ": DRAINING -> EXITED"), Duration.ofSeconds(10), mark);
    assertThat(Duration.ofNanos(System.nanoTime() - unrouted).toMillis())
        .as("ms from routing stopped to the process gone (grace 2 s)").isLessThanOrEqualTo(4_000);
    Matcher ready = launcher.awaitLine(Pattern.compile("slot " + slot + " gen " + (gen + 1)
        + " pid (\\d+): STARTING -> READY"), Duration.ofSeconds(30), mark);
    assertThat(pidOf(slot)).isEqualTo(Long.parseLong(ready.group(1)));
  }

  @Test
  @Order(1)
  void workerPastItsMemoryCeilingIsRecycledWithoutAFailedRequest() throws Exception {
    int mark = launcher.lineCount();
    RawHttp.Response hog;
    Matcher replaced;
    LoadGenerator load = new LoadGenerator(port, 8, 20, Duration.ofSeconds(120));
    try {
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= 200, () -> "200 answers first");
      hog = RawHttp.get(port, "/hog?mb=130", 30_000);
      assertThat(hog.status()).as("%s", hog).isEqualTo(200);
      int slot = hog.worker();
      launcher.awaitLine(Pattern.compile("slot " + slot + " gen 1 pid " + hog.pid()
          + " - heap after GC \\d+ MB over -max-memory 100 MB"), Duration.ofSeconds(20), mark);
      replaced = launcher.awaitLine(Pattern.compile("slot " + slot + " gen 1 pid " + hog.pid()
          + ": DRAINING -> EXITED.*planned"), Duration.ofSeconds(60), mark);
      int before = load.ok();
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= before + 200,
          () -> "200 answers after the recycle");
    } finally {
      load.close();
    }
    assertThat(load.failures()).as("failed requests during the recycle (%s)", replaced.group(0))
        .isEmpty();
    assertThat(pidOf(hog.worker())).as("a new worker serves the slot").isNotEqualTo(hog.pid());
  }

  @Test
  @Order(2)
  void workerWhoseEventLoopStaysBlockedIsReplaced() throws Exception {
    int gen = genOf(1);
    KeepAliveConnection sick = KeepAliveConnection.toSlot(port, 1);
    long victim = sick.get("/").pid();
    sick.send("/block");
    long blockedAt = System.nanoTime();
    // -max-blocked 2 s + two heartbeats + 1 s, and 1 s for the log line to reach the test
    assertReplaced(1, gen, victim, blockedAt, 6_000);
    sick.close();
    assertThat(launcher.output()).contains("event loop blocked for");
  }

  @Test
  @Order(3)
  void workerThatStopsSendingHeartbeatsIsReplaced() throws Exception {
    int gen = genOf(0);
    long victim = pidOf(0);
    Signals.send(victim, "STOP");
    long stoppedAt = System.nanoTime();
    // -heartbeat-timeout 3 s + one heartbeat + one check, and 1 s for the log line
    assertReplaced(0, gen, victim, stoppedAt, 6_000);
    assertThat(launcher.output()).contains("no heartbeat for");
  }
}
