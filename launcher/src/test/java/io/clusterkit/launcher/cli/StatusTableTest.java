package io.clusterkit.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.protocol.BootPhases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status table shows a health column only when the launcher runs an HTTP health check. */
class StatusTableTest {

  private static JsonObject status(JsonObject healthCheck, JsonObject... workers) {
    JsonObject status = new JsonObject().put("name", "shop").put("pid", 10).put("port", 8080)
        .put("router", "handoff").put("balance", "round-robin")
        .put("workers", new JsonArray(List.of((Object[]) workers)));
    return healthCheck == null ? status : status.put("healthCheck", healthCheck);
  }

  private static JsonObject worker(int slot, String state, JsonObject health) {
    JsonObject worker = new JsonObject().put("slot", slot).put("gen", 1).put("pid", 100 + slot)
        .put("state", state).put("uptimeMs", 5_000).put("restarts", 0);
    return health == null ? worker : worker.put("health", health);
  }

  @Test
  void withoutAHealthCheckThereIsNoHealthColumn() {
    String table = StatusTable.format(status(null, worker(0, "READY", null)));
    assertThat(table.lines().findFirst().orElseThrow())
        .isEqualTo("launcher 'shop' pid 10, port 8080, handoff, round-robin");
    assertThat(table).doesNotContain("health");
  }

  @Test
  void aPortOfServeNotOpenYetIsNamedAsSuchBesideTheApplicationsOwnPorts() {
    JsonObject lazy = status(null, worker(0, "READY", null)).put("port", 0)
        .put("portOpen", false).put("portWanted", 8080)
        .put("sharedPorts", new JsonArray().add(new JsonObject().put("port", 8095))
            .add(new JsonObject().put("port", 8443)));
    assertThat(StatusTable.format(lazy).lines().findFirst().orElseThrow())
        .isEqualTo("launcher 'shop' pid 10, port 8080 not open (no serve() yet), "
            + "own listens on 8095, 8443, handoff, round-robin");
  }

  @Test
  void workersOnAnotherJdkShowTheirJavaVersionInTheHeader() {
    JsonObject other = status(null, worker(0, "READY", null)).put("java",
        new JsonObject().put("version", "25.0.3").put("own", false));
    assertThat(StatusTable.format(other).lines().findFirst().orElseThrow())
        .isEqualTo("launcher 'shop' pid 10, port 8080, handoff, round-robin, "
            + "workers on Java 25.0.3");
    JsonObject own = status(null, worker(0, "READY", null)).put("java",
        new JsonObject().put("version", "17.0.15").put("own", true));
    assertThat(StatusTable.format(own).lines().findFirst().orElseThrow())
        .doesNotContain("Java");
  }

  @Test
  void healthColumnSaysOkFailingOrWaiting() {
    JsonObject check = new JsonObject().put("path", "/healthz").put("failures", 3);
    String table = StatusTable.format(status(check,
        worker(0, "READY", new JsonObject().put("waiting", false).put("failures", 0)),
        worker(1, "READY", new JsonObject().put("waiting", false).put("failures", 2)),
        worker(2, "STARTING", new JsonObject().put("waiting", true).put("failures", 0)),
        worker(3, "STARTING", null)));
    assertThat(table.lines().toList()).satisfiesExactly(
        header -> assertThat(header).endsWith(", health check GET /healthz"),
        columns -> assertThat(columns).endsWith("req/s  health"),
        ok -> assertThat(ok).startsWith("0 ").endsWith(" ok"),
        failing -> assertThat(failing).startsWith("1 ").endsWith(" failing 2/3"),
        waiting -> assertThat(waiting).startsWith("2 ").endsWith(" waiting"),
        none -> assertThat(none).startsWith("3 ").endsWith(" -"));
  }

  @Test
  void theLiveTableAddsLatencyErrorsCpuAndTheClustersTotals() {
    JsonObject status = status(null,
        worker(0, "READY", null).put("requestsPerSecond", 10.0).put("live", new JsonObject()
            .put("rps", 1234.5).put("p50Ms", 0.84).put("p99Ms", 12.4)
            .put("errorsPerSecond", 0.5).put("cpuPercent", 71.0)),
        worker(1, "STARTING", null));
    status.put("totals", new JsonObject().put("workers", 2).put("ready", 1).put("rps", 1234.5)
        .put("p50Ms", 0.84).put("p99Ms", 12.4).put("errorsPerSecond", 0.5)
        .put("cpuPercent", 71.0).put("rssBytes", 300L << 20).put("connections", 7));
    assertThat(StatusTable.format(status, true).lines().toList()).satisfiesExactly(
        header -> assertThat(header).startsWith("launcher 'shop' pid 10"),
        totals -> assertThat(totals).isEqualTo("1/2 ready, 1234.5 req/s, p50 0.84 ms, p99 12 ms,"
            + " 0.5 err/s, CPU 71%, RSS 300 MB, 7 connections"),
        columns -> assertThat(columns).endsWith("req/s   p50      p99    err/s  cpu"),
        live -> assertThat(live).startsWith("0 ")
            .endsWith("1234.5  0.84 ms  12 ms  0.5    71%"),
        starting -> assertThat(starting).startsWith("1 ").endsWith("-       -        -      -"
            + "      -"));
    assertThat(StatusTable.format(status)).as("the plain table has no live columns")
        .doesNotContain("p99").contains("10.0");
  }

  @Test
  void descriptorsShowOpenAgainstTheLimitForTheLauncherAndEachWorker() {
    JsonObject fds = new JsonObject().put("open", 412).put("limit", 1024L);
    String table = StatusTable.format(status(null, worker(0, "READY", null).put("fds", fds),
        worker(1, "STARTING", null)).put("fds", new JsonObject().put("open", 97)
        .put("limit", 1024L)));

    assertThat(table.lines().toList()).satisfiesExactly(
        header -> assertThat(header).endsWith(", round-robin, fds 97/1024"),
        columns -> assertThat(columns).contains("heap  fds       conns"),
        first -> assertThat(first).contains(" 412/1024 "),
        second -> assertThat(second).contains(" -  "));
  }

  @Test
  void sparesGetRowsOfTheirOwnAfterTheSlotsInEveryLayout() {
    JsonObject check = new JsonObject().put("path", "/healthz").put("failures", 3);
    JsonObject status = status(check, worker(0, "READY",
        new JsonObject().put("waiting", false).put("failures", 0)))
        .put("spares", new JsonArray()
            .add(new JsonObject().put("spare", 3).put("pid", 4711).put("state", "SPARE")
                .put("booted", true).put("sinceMs", 51_000).put("rssBytes", 150L << 20))
            .add(new JsonObject().put("spare", 4).put("pid", 4712).put("state", "SPARE")
                .put("booted", false).put("sinceMs", 900).put("retiring", true)));

    for (boolean live : new boolean[] {false, true}) {
      List<String> lines = StatusTable.format(status, live).lines().toList();
      String header = lines.stream().filter(l -> l.startsWith("slot")).findFirst().orElseThrow();
      List<String> spareRows = lines.stream().filter(l -> l.contains("spare ")).toList();
      assertThat(spareRows).as("live %s", live).hasSize(2);
      assertThat(spareRows.get(0)).matches(
          "-\\s+spare 3\\s+4711\\s+SPARE\\s+51s\\s+-\\s+-\\s+150 MB.*");
      assertThat(spareRows.get(1)).contains("SPARE (stopping)", "booting");
      assertThat(spareRows.get(0).split("\\s{2,}")).as("a value per column, live %s", live)
          .hasSameSizeAs(header.split("\\s{2,}"));
    }
  }

  @Test
  void theBootColumnGivesTheTotalAndStatusVerboseWhereItWent() {
    JsonObject status = status(null,
        worker(0, "READY", null).put("boot", new BootPhases(310, 520, 1_800, -1, 490, -1, -1, -1, 3_120).toJson()),
        worker(1, "READY", null).put("boot", new BootPhases(300, 500, 1_700, 60_000, 40, -1, -1, -1, 2_540).toJson()),
        worker(2, "STARTING", null));
    List<String> lines = StatusTable.format(status).lines().toList();
    assertThat(lines.get(1)).contains("uptime  boot   restarts");
    assertThat(lines.get(2)).matches("0\\s+1\\s+100\\s+READY\\s+5s\\s+3\\.1s\\s+0 .*");
    assertThat(lines.get(3)).as("a spare's boot is marked").contains(" 2.5s* ");
    assertThat(lines.get(4)).matches("2\\s+1\\s+102\\s+STARTING\\s+5s\\s+-\\s+0 .*");
    assertThat(StatusTable.bootLines(status).lines().toList()).containsExactly(
        "slot 0 gen 1 boot: 3120 ms = jvm 310 + vertx 520 + join 1800 + deploy 490",
        "slot 1 gen 1 boot: 2540 ms = jvm 300 + vertx 500 + join 1700 + deploy 40, deployed "
            + "after 60000 ms as a spare");
  }

  @Test
  void aSpareHeldBackForAYoungWorkerGetsALineSayingWhenItBoots() {
    JsonObject status = status(null, worker(0, "READY", null)).put("spares", new JsonArray())
        .put("spareHold", new JsonObject().put("slot", 0).put("gen", 2).put("delayMs", 10_000)
            .put("bootsInMs", 6_200));

    assertThat(StatusTable.format(status).lines().toList()).last()
        .isEqualTo("next spare boots in 7s, once slot 0 gen 2 has served -spare-delay 10s");
    assertThat(StatusTable.spareHold(new JsonObject().put("slot", 1).put("gen", 3)
        .put("delayMs", 2_500).putNull("bootsInMs")))
        .isEqualTo("next spare waits until slot 1 gen 3, still starting, has served "
            + "-spare-delay 2500ms");
    assertThat(StatusTable.format(status(null, worker(0, "READY", null))))
        .doesNotContain("next spare");
  }
}
