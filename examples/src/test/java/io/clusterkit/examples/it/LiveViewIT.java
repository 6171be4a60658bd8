package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.examples.it.support.PageDriver;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live dashboard of {@code -metrics}, in Debian's headless Chromium with the network closed
 * but for 127.0.0.1: one row per worker, requests/s under load, a {@code kill -9} shown as a
 * restart within 3 s, buttons refused without the admin token (a missing, wrong or malformed
 * one) and a reload from the page with it rolling every slot. Screenshots of the page under load
 * go to docs/.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveViewIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(2).option("-metrics", "0")
      .option("-heartbeat-timeout", "30").extension();
  private static TestCluster launcher;
  private static PageDriver page;

  @BeforeAll
  static void openThePage() throws Exception {
    launcher = KIT.cluster();
    int metricsPort = launcher.status().getJsonObject("metrics").getInteger("port");
    page = PageDriver.start();
    page.call("open", new JsonObject().put("url", "http://127.0.0.1:" + metricsPort + "/"));
  }

  @AfterAll
  static void closeThePage() {
    if (page != null) {
      page.close();
    }
  }

  private static JsonArray rows() {
    return (JsonArray) page.call("rows");
  }

  private static Map<Integer, JsonObject> rowsBySlot() {
    return rows().stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(row -> row.getInteger("slot"), row -> row));
  }

  private static String text(String selector) {
    return (String) page.call("text", new JsonObject().put("selector", selector));
  }

  private static Map<Integer, Long> gens() {
    return launcher.workers().stream().collect(Collectors.toMap(WorkerStatus::slot,
        WorkerStatus::gen));
  }

  @Test
  @Order(1)
  void pageLoadsWithTheNetworkClosedAndShowsOneRowPerWorker() {
    Map<Integer, JsonObject> rows = Await.until(WAIT, LiveViewIT::rowsBySlot,
        r -> r.size() == 2 && r.values().stream().allMatch(
            row -> row.getString("state").equals("READY")), "two READY rows");
    for (WorkerStatus worker : launcher.workers()) {
      assertThat(rows.get(worker.slot()).getString("pid")).isEqualTo(
          String.valueOf(worker.pid()));
    }
    assertThat((Integer) page.call("count", new JsonObject().put("selector", "#charts canvas")))
        .as("uPlot drew the three charts").isEqualTo(3);
    JsonObject network = (JsonObject) page.call("network");
    assertThat(network.getJsonArray("blocked")).as("requests beyond 127.0.0.1").isEmpty();
    assertThat(network.getJsonArray("errors")).as("errors in the page").isEmpty();
  }

  @Test
  @Order(2)
  void showsRequestsPerSecondAboveZeroUnderLoad() throws Exception {
    try (LoadGenerator load = new LoadGenerator(launcher.port(), 4, 20, Duration.ofSeconds(90))) {
      Await.until(WAIT, LiveViewIT::rows, rows -> rows.size() == 2 && rows.stream().allMatch(
          row -> ((JsonObject) row).getDouble("rps") > 0), "requests/s above 0 on both rows");
      Await.until(WAIT, () -> text("#totals"), totals -> totals.contains("p99")
          && !totals.contains("-p99"), "the cluster's p99 in the totals");
      // ten seconds of lines on the charts before the picture
      long shown = System.nanoTime();
      Await.until(WAIT, () -> System.nanoTime() - shown > 10_000_000_000L
          && rows().stream().allMatch(row -> ((JsonObject) row).getDouble("rps") > 0),
          done -> done, "ten seconds of load drawn");
      Files.createDirectories(DOCS);
      page.call("screenshot", new JsonObject().put("path", DOCS.resolve("dashboard.png")
          .toString()));
      assertThat(load.failures()).isEmpty();
    }
  }

  @Test
  @Order(3)
  void withoutTheTokenTheButtonsAreRefusedAndNothingChanges() {
    Map<Integer, Long> before = gens();
    page.call("click", new JsonObject().put("selector", "#reload"));
    Await.until(WAIT, () -> text("#outcome"), text -> text.startsWith("reload refused"),
        "the refusal of a reload without a token");
    assertThat(text("#outcome")).contains("no admin token given", "missing or wrong admin token");

    page.call("fill", new JsonObject().put("selector", "#token").put("value", "not-the-token"));
    page.call("click", new JsonObject().put("selector", "#token-use"));
    page.call("click", new JsonObject().put("selector", "#scale-up"));
    Await.until(WAIT, () -> text("#outcome"), text -> text.startsWith("scale to 3 refused"),
        "the refusal of a scale with a wrong token");
    assertThat(text("#outcome")).contains("the admin token is wrong");

    page.call("fill", new JsonObject().put("selector", "#token").put("value", "t\u00f6k\u2603n"));
    page.call("click", new JsonObject().put("selector", "#token-use"));
    page.call("click", new JsonObject().put("selector", "button.restart[data-slot='0']"));
    Await.until(WAIT, () -> text("#outcome"),
        text -> text.startsWith("restart of slot 0 refused"), "the refusal of a malformed token");
    assertThat(text("#outcome")).contains("malformed");

    assertThat(launcher.workers()).hasSize(2);
    assertThat(gens()).as("no worker replaced").isEqualTo(before);
    page.call("fill", new JsonObject().put("selector", "#token").put("value", ""));
    page.call("click", new JsonObject().put("selector", "#token-use"));
  }

  @Test
  @Order(4)
  void aKillMinusNineShowsAsARestartWithinThreeSeconds() throws Exception {
    WorkerStatus victim = launcher.worker(1);
    int restartsBefore = rowsBySlot().get(1).getInteger("restarts");
    try (LoadGenerator load = new LoadGenerator(launcher.port(), 4, 20, Duration.ofSeconds(90))) {
      TestCluster.signal(victim.pid(), "KILL");
      Await.until(Duration.ofSeconds(3), () -> rowsBySlot().get(1),
          row -> row.getInteger("restarts") == restartsBefore + 1
              && row.getInteger("gen") == victim.gen() + 1, "slot 1 restarted on the page");
      Await.until(Duration.ofSeconds(3), () -> text("#events"),
          events -> events.contains("slot 1 gen " + victim.gen() + " pid " + victim.pid()
              + " - signal 9 (KILL), unexpected"), "the kill in the event log");
      launcher.awaitWorker(1, w -> w.gen() == victim.gen() + 1 && w.ready(), WAIT);
      Await.until(WAIT, LiveViewIT::rows, rows -> rows.stream().allMatch(
          row -> ((JsonObject) row).getDouble("rps") > 0), "both slots serving again");
      page.call("screenshot", new JsonObject().put("path", DOCS.resolve(
          "dashboard-restart.png").toString()));
    }
  }

  @Test
  @Order(5)
  void aReloadStartedFromThePageWithTheTokenRollsEverySlot() throws Exception {
    Map<Integer, Long> before = gens();
    LauncherRegistry.Entry entry = new LauncherRegistry(launcher.runDir())
        .find(launcher.name(), 0);
    page.call("fill", new JsonObject().put("selector", "#token").put("value", entry.token()));
    page.call("click", new JsonObject().put("selector", "#token-use"));
    assertThat(text("#token-state")).contains("token given");
    page.call("click", new JsonObject().put("selector", "#reload"));
    String outcome = Await.until(Duration.ofSeconds(150), () -> text("#outcome"),
        text -> text.startsWith("reload done") || text.startsWith("reload failed"),
        "the reload's outcome on the page");
    assertThat(outcome).startsWith("reload done");
    Map<Integer, Long> after = gens();
    assertThat(after.keySet()).containsExactlyInAnyOrder(0, 1);
    for (Map.Entry<Integer, Long> slot : before.entrySet()) {
      assertThat(after.get(slot.getKey())).as("slot %d rolled", slot.getKey())
          .isGreaterThan(slot.getValue());
    }
    String events = Await.until(WAIT, () -> text("#events"),
        text -> text.contains("reload done"), "the reload's end in the event log");
    assertThat(events).contains("reload requested");
    for (Map.Entry<Integer, Long> slot : after.entrySet()) {
      assertThat(events).as("slot %d rolled in the event log", slot.getKey())
          .contains("slot " + slot.getKey() + " gen " + before.get(slot.getKey()) + " pid ")
          .contains("(reload: replaced by gen " + slot.getValue() + ")")
          .containsPattern("slot " + slot.getKey() + " gen " + slot.getValue()
              + " pid \\d+ online in \\d+ ms");
    }
  }

  @Test
  @Order(6)
  void monitUnderAPseudoTerminalRefreshesAndLeavesOnQRestoringTheTerminal() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String monit = "stty -g; " + java + " -jar " + Clusters.LAUNCHER_JAR + " monit -name "
        + launcher.name() + "; code=$?; stty -g; exit $code";
    ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", monit, "/dev/null");
    builder.environment().put("CLUSTERKIT_RUN_DIR", launcher.runDir().toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    StringBuffer screen = new StringBuffer();
    Thread reader = new Thread(() -> {
      try {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = process.getInputStream().read(buffer)) > 0) {
          screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the pty closed
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      Await.until(WAIT, screen::toString, out -> out.split("ClusterKit monit, ", -1).length > 3,
          "three redraws of the table");
      String out = screen.toString();
      assertThat(out).contains("\033[H\033[2J", "req/s", "p50", "p99", "err/s", "cpu",
          "2/2 ready");
      for (WorkerStatus worker : launcher.workers()) {
        assertThat(out).containsPattern("(?m)^" + worker.slot() + " +" + worker.gen() + " +"
            + worker.pid() + " +READY");
      }
      process.getOutputStream().write('q');
      process.getOutputStream().flush();
      assertThat(process.waitFor(15, TimeUnit.SECONDS))
          .as("monit left on q").isTrue();
      assertThat(process.exitValue()).as("monit's exit code; output: %s", screen).isZero();
      reader.join(5_000);
      List<String> settings = Pattern.compile("[0-9a-f]+(:[0-9a-f]+){10,}")
          .matcher(screen.toString()).results().map(MatchResult::group).toList();
      assertThat(settings).as("stty -g before and after monit").hasSize(2);
      assertThat(settings.get(1)).as("the terminal restored").isEqualTo(settings.get(0));
      assertThat(screen.toString()).contains("\033[?1049l");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  @Order(7)
  void statusWatchDrawsLikeMonitAndEndsWithItsInput() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Clusters.LAUNCHER_JAR.toString(), "status", "-name", launcher.name(), "-watch")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true);
    builder.environment().put("CLUSTERKIT_RUN_DIR", launcher.runDir().toString());
    Process process = builder.start();
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS))
          .as("status -watch ended at the end of its input").isTrue();
      String out = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("output: %s", out).isZero();
      assertThat(out).contains("ClusterKit monit, ", "p99", "2/2 ready");
    } finally {
      process.destroyForcibly();
    }
  }
}
