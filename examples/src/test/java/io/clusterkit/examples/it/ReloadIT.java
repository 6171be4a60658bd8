package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A rolling reload under steady load (32 keep-alive connections plus a stream of new
 * connections, or new connections alone) fails no request: each slot's replacement is routed before its old worker
 * drains, and the old worker closes each keep-alive connection only after an answer that says
 * so. Asked for with the {@code reload} command, found by the launcher's name.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadIT {

  private static LauncherProcess launcher;
  private static int port;

  @BeforeAll
  static void startCluster() throws Exception {
    launcher = LauncherProcess.hello(2, "-grace", "5", "-name", "reload-it");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
  }

  private static Set<Long> currentPids() throws Exception {
    Control.Result status = Control.run(Duration.ofSeconds(30), "status", "-name", "reload-it",
        "-json");
    assertThat(status.exitCode()).as("status: %s", status).isZero();
    Set<Long> pids = new HashSet<>();
    io.vertx.core.json.JsonArray workers = new io.vertx.core.json.JsonObject(status.out())
        .getJsonArray("workers");
    for (int i = 0; i < workers.size(); i++) {
      pids.add(workers.getJsonObject(i).getLong("pid"));
    }
    return pids;
  }

  private static List<io.vertx.core.json.JsonObject> slots() {
    try {
      Control.Result status = Control.run(Duration.ofSeconds(30), "status", "-name",
          "reload-it", "-json");
      io.vertx.core.json.JsonArray workers = new io.vertx.core.json.JsonObject(status.out())
          .getJsonArray("workers");
      return java.util.stream.IntStream.range(0, workers.size())
          .mapToObj(workers::getJsonObject).toList();
    } catch (Exception e) {
      throw new AssertionError("status failed", e);
    }
  }

  private static boolean allReady(List<io.vertx.core.json.JsonObject> slots, int count) {
    return slots.size() == count
        && slots.stream().allMatch(slot -> "READY".equals(slot.getString("state")));
  }

  @Test
  @Order(1)
  void reloadUnderKeepAliveAndNewConnectionLoadFailsNoRequest() throws Exception {
    Set<Long> before = currentPids();
    assertThat(before).hasSize(2);
    int mark = launcher.lineCount();
    LoadGenerator load = new LoadGenerator(port, 32, 50, Duration.ofSeconds(120));
    Control.Result reload = load.around(500, () ->
        Control.run(Duration.ofSeconds(120), "reload", "-name", "reload-it"));

    assertThat(reload.exitCode()).as("reload: %s", reload).isZero();
    assertThat(reload.out()).contains("reload done: 2 slots rolled");
    Set<Long> after = currentPids();
    assertThat(after).as("every slot has a new pid").hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.failures()).as("failed requests during the reload").isEmpty();
    assertThat(load.pids()).as("old and new workers answered")
        .containsAll(before).containsAll(after);
    assertThat(load.ok()).isGreaterThan(1000);
    List<String> lines = launcher.output().lines().skip(mark).toList();
    assertThat(lines).anyMatch(Pattern.compile("slot 0 gen 1 pid \\d+: DRAINING -> EXITED.*planned")
        .asPredicate());
  }

  @Test
  @Order(2)
  void reloadUnderConnectionCloseLoadFailsNoRequest() throws Exception {
    Set<Long> before = currentPids();
    LoadGenerator load = new LoadGenerator(port, 0, 200, Duration.ofSeconds(120));
    Control.Result reload = load.around(200, () ->
        Control.run(Duration.ofSeconds(120), "reload", "-name", "reload-it"));
    assertThat(reload.exitCode()).as("reload: %s", reload).isZero();
    Set<Long> after = currentPids();
    assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.failures()).as("failed requests during the reload").isEmpty();
    assertThat(load.pids()).containsAll(before).containsAll(after);
  }

  @Test
  @Order(3)
  void scalingTwoToThreeToOneUnderLoadFailsNoRequest() throws Exception {
    Set<Long> two = currentPids();
    LoadGenerator load = new LoadGenerator(port, 32, 50, Duration.ofSeconds(150));
    Control.Result up;
    Control.Result down;
    List<io.vertx.core.json.JsonObject> three;
    List<io.vertx.core.json.JsonObject> one;
    try {
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= 300, () -> "300 answers first");
      up = Control.run(Duration.ofSeconds(30), "scale", "3", "-name", "reload-it");
      three = Poll.until(Duration.ofSeconds(60), ReloadIT::slots, s -> allReady(s, 3),
          () -> "3 READY slots");
      int before = load.ok();
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= before + 300,
          () -> "300 answers with 3 workers");
      down = Control.run(Duration.ofSeconds(30), "scale", "1", "-name", "reload-it");
      one = Poll.until(Duration.ofSeconds(60), ReloadIT::slots, s -> allReady(s, 1),
          () -> "1 READY slot, the others gone");
      int after = load.ok();
      Poll.until(Duration.ofSeconds(20), load::ok, n -> n >= after + 300,
          () -> "300 answers with 1 worker");
    } finally {
      load.close();
    }

    assertThat(up.exitCode()).as("scale 3: %s", up).isZero();
    assertThat(up.out()).contains("scaling up from 2 to 3: starting slot 2");
    assertThat(down.exitCode()).as("scale 1: %s", down).isZero();
    assertThat(down.out()).contains("scaling down from 3 to 1: draining slots 1..2");
    assertThat(three).extracting(slot -> slot.getInteger("slot")).containsExactly(0, 1, 2);
    long third = three.get(2).getLong("pid");
    assertThat(two).doesNotContain(third);
    assertThat(one).extracting(slot -> slot.getInteger("slot")).containsExactly(0);
    assertThat(one.get(0).getLong("pid")).as("slot 0 keeps its worker")
        .isEqualTo(three.get(0).getLong("pid"));
    assertThat(load.failures()).as("failed requests while scaling").isEmpty();
    assertThat(load.pids()).as("the third worker served too").contains(third);
  }

  @Test
  @Order(4)
  void aJfrRecordingInTheLauncherTakesItsSamplesAndReloadsNothingThenUsr2Reloads()
      throws Exception {
    Set<Long> before = currentPids();
    int mark = launcher.lineCount();
    Path recording = Path.of("target", "reload-it-launcher.jfr").toAbsolutePath();
    Files.deleteIfExists(recording);
    // JFR takes thread samples by suspending threads with USR2: while the launcher handles USR2,
    // each sample would be taken for a reload request, and no sample would be taken
    Control.Result jfr = jdkTool("jcmd", Long.toString(launcher.pid()), "JFR.start",
        "name=reload-it", "settings=profile", "duration=2s", "filename=" + recording);
    assertThat(jfr.exitCode()).as("jcmd JFR.start: %s", jfr).isZero();
    launcher.awaitLine(Pattern.compile("no JFR recording runs any more: USR2 reloads again"),
        Duration.ofSeconds(30), mark);
    Poll.until(Duration.ofSeconds(30), () -> Files.exists(recording), done -> done,
        () -> "the 2 s recording written to " + recording);
    Control.Result samples = jdkTool("jfr", "summary", recording.toString());
    java.util.regex.Matcher count = Pattern.compile("jdk\\.NativeMethodSample\\s+(\\d+)")
        .matcher(samples.out());
    assertThat(count.find()).as("jfr summary: %s", samples).isTrue();
    assertThat(Integer.parseInt(count.group(1))).as("thread samples of the launcher")
        .isPositive();
    assertThat(currentPids()).as("the same workers").isEqualTo(before);
    assertThat(launcher.output().lines().skip(mark)).noneMatch(line -> line.contains("reload "));

    launcher.signal("USR2");
    launcher.awaitLine(Pattern.compile("reload done: 1 slot rolled"), Duration.ofSeconds(60), mark);
    assertThat(currentPids()).as("a new worker").hasSize(1).doesNotContainAnyElementsOf(before);
  }

  @Test
  @Order(5)
  void hupReloadsTtinAddsAWorkerTtouRemovesOne() throws Exception {
    long old = slots().get(0).getLong("pid");
    boolean hupIgnored = ignoresHup(launcher.pid());
    if (hupIgnored) {
      // started under nohup (or by a parent ignoring HUP): the JVM cannot take HUP back
      assertThat(launcher.output()).contains("this process was started ignoring HUP (reload)");
    } else {
      int mark = launcher.lineCount();
      launcher.signal("HUP");
      launcher.awaitLine(Pattern.compile("reload done: 1 slot rolled"), Duration.ofSeconds(60),
          mark);
    }
    List<io.vertx.core.json.JsonObject> reloaded = slots();
    assertThat(reloaded).hasSize(1);
    if (!hupIgnored) {
      assertThat(reloaded.get(0).getLong("pid")).as("slot 0's new worker").isNotEqualTo(old);
    }

    launcher.signal("TTIN");
    Poll.until(Duration.ofSeconds(60), ReloadIT::slots, s -> allReady(s, 2), () -> "2 READY slots");
    launcher.signal("TTOU");
    List<io.vertx.core.json.JsonObject> one = Poll.until(Duration.ofSeconds(60), ReloadIT::slots,
        s -> allReady(s, 1), () -> "1 READY slot");
    assertThat(one.get(0).getLong("pid")).as("slot 0 keeps its worker")
        .isEqualTo(reloaded.get(0).getLong("pid"));
  }

  /** @return whether the process ignores SIGHUP (bit 0 of SigIgn in /proc/PID/status) */
  private static boolean ignoresHup(long pid) throws Exception {
    String ignored = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow()
        .substring("SigIgn:".length()).trim();
    return (Long.parseUnsignedLong(ignored, 16) & 1L) != 0;
  }

  private static Control.Result jdkTool(String tool, String... command) throws Exception {
    List<String> args = new java.util.ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
    args.addAll(List.of(command));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("%s ended", tool)
        .isTrue();
    return new Control.Result(process.exitValue(), out, "");
  }
}
