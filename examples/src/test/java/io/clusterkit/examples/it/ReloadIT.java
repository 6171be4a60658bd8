package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling reload under steady load (32 keep-alive connections plus a stream of new
 * connections, or new connections alone) fails no request: each slot's replacement is routed before its old worker
 * drains, and the old worker closes each keep-alive connection only after an answer that says
 * so. Asked for with the {@code reload} command, found by the launcher's name, and through the
 * admin API.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadIT {

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(2).option("-grace", "5")
      .option("-name", "reload-it").extension();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  private static Set<Long> currentPids() {
    return launcher.workers().stream().map(WorkerStatus::pid).collect(Collectors.toSet());
  }

  /** Waits until a replaced worker's process is gone: the reload that replaced it is done. */
  private static void awaitGone(long pid) {
    Await.until(Duration.ofSeconds(30), () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
        .orElse(false), alive -> !alive, "old worker " + pid + " to exit");
  }

  private static boolean allReady(List<WorkerStatus> slots, int count) {
    return slots.size() == count && slots.stream().allMatch(WorkerStatus::ready);
  }

  @Test
  @Order(1)
  void reloadUnderKeepAliveAndNewConnectionLoadFailsNoRequest() throws Exception {
    Set<Long> before = currentPids();
    assertThat(before).hasSize(2);
    LoadGenerator load = new LoadGenerator(port, 32, 50, Duration.ofSeconds(120));
    ControlCommand.Result reload = load.around(500, () ->
        ControlCommand.run(launcher, Duration.ofSeconds(120), "reload", "-name", "reload-it"));

    assertThat(reload.exitCode()).as("reload: %s", reload).isZero();
    assertThat(reload.out()).contains("reload done: 2 slots rolled");
    Set<Long> after = currentPids();
    assertThat(after).as("every slot has a new pid").hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.failures()).as("failed requests during the reload").isEmpty();
    assertThat(load.pids()).as("old and new workers answered")
        .containsAll(before).containsAll(after);
    assertThat(load.ok()).isGreaterThan(1000);
    JsonObject exit = launcher.awaitWorker(0, w -> w.lastExit() != null
        && before.contains(w.lastExit().getLong("pid")), Duration.ofSeconds(10)).lastExit();
    assertThat(exit.getBoolean("planned")).as("the old worker's exit: %s", exit).isTrue();
    assertThat(exit.getString("reason")).as("%s", exit).startsWith("reload");
  }

  @Test
  @Order(2)
  void reloadUnderConnectionCloseLoadFailsNoRequest() throws Exception {
    Set<Long> before = currentPids();
    LoadGenerator load = new LoadGenerator(port, 0, 200, Duration.ofSeconds(120));
    load.around(200, launcher::reload);
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
    ControlCommand.Result up;
    ControlCommand.Result down;
    List<WorkerStatus> three;
    List<WorkerStatus> one;
    try {
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= 300, () -> "300 answers first");
      up = ControlCommand.run(launcher, Duration.ofSeconds(30), "scale", "3", "-name",
          "reload-it");
      three = launcher.awaitWorkers(s -> allReady(s, 3), Duration.ofSeconds(60));
      int before = load.ok();
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= before + 300,
          () -> "300 answers with 3 workers");
      down = ControlCommand.run(launcher, Duration.ofSeconds(30), "scale", "1", "-name",
          "reload-it");
      one = launcher.awaitWorkers(s -> allReady(s, 1), Duration.ofSeconds(60));
      int after = load.ok();
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= after + 300,
          () -> "300 answers with 1 worker");
    } finally {
      load.close();
    }

    assertThat(up.exitCode()).as("scale 3: %s", up).isZero();
    assertThat(up.out()).contains("scaling up from 2 to 3: starting slot 2");
    assertThat(down.exitCode()).as("scale 1: %s", down).isZero();
    assertThat(down.out()).contains("scaling down from 3 to 1: draining slots 1..2");
    assertThat(three).extracting(WorkerStatus::slot).containsExactly(0, 1, 2);
    long third = three.get(2).pid();
    assertThat(two).doesNotContain(third);
    assertThat(one).extracting(WorkerStatus::slot).containsExactly(0);
    assertThat(one.get(0).pid()).as("slot 0 keeps its worker").isEqualTo(three.get(0).pid());
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
    ControlCommand.Result jfr = jdkTool("jcmd", Long.toString(launcher.pid()), "JFR.start",
        "name=reload-it", "settings=profile", "duration=2s", "filename=" + recording);
    assertThat(jfr.exitCode()).as("jcmd JFR.start: %s", jfr).isZero();
    // the launcher's own word that USR2 is a reload again: the only sign of it
    launcher.awaitOutput(Pattern.compile("no JFR recording runs any more: USR2 reloads again"),
        Duration.ofSeconds(30), mark);
    Await.until(Duration.ofSeconds(30), () -> Files.exists(recording), done -> done,
        () -> "the 2 s recording written to " + recording);
    ControlCommand.Result samples = jdkTool("jfr", "summary", recording.toString());
    java.util.regex.Matcher count = Pattern.compile("jdk\\.NativeMethodSample\\s+(\\d+)")
        .matcher(samples.out());
    assertThat(count.find()).as("jfr summary: %s", samples).isTrue();
    assertThat(Integer.parseInt(count.group(1))).as("thread samples of the launcher")
        .isPositive();
    assertThat(currentPids()).as("the same workers").isEqualTo(before);
    assertThat(launcher.lines().subList(mark, launcher.lineCount()))
        .noneMatch(line -> line.contains("reload "));

    launcher.signal("USR2");
    long old = before.iterator().next();
    launcher.awaitWorker(0, w -> w.pid() != old && w.ready(), Duration.ofSeconds(60));
    awaitGone(old);
    assertThat(currentPids()).as("a new worker").hasSize(1).doesNotContainAnyElementsOf(before);
  }

  @Test
  @Order(5)
  void hupReloadsTtinAddsAWorkerTtouRemovesOne() throws Exception {
    long old = launcher.worker(0).pid();
    boolean hupIgnored = ignoresHup(launcher.pid());
    if (hupIgnored) {
      // started under nohup (or by a parent ignoring HUP): the JVM cannot take HUP back
      assertThat(launcher.output()).contains("this process was started ignoring HUP (reload)");
    } else {
      launcher.signal("HUP");
      launcher.awaitWorker(0, w -> w.pid() != old && w.ready(), Duration.ofSeconds(60));
      awaitGone(old);
    }
    List<WorkerStatus> reloaded = launcher.workers();
    assertThat(reloaded).hasSize(1);
    if (!hupIgnored) {
      assertThat(reloaded.get(0).pid()).as("slot 0's new worker").isNotEqualTo(old);
    }

    launcher.signal("TTIN");
    launcher.awaitWorkers(s -> allReady(s, 2), Duration.ofSeconds(60));
    launcher.signal("TTOU");
    List<WorkerStatus> one = launcher.awaitWorkers(s -> allReady(s, 1), Duration.ofSeconds(60));
    assertThat(one.get(0).pid()).as("slot 0 keeps its worker").isEqualTo(reloaded.get(0).pid());
  }

  /** @return whether the process ignores SIGHUP (bit 0 of SigIgn in /proc/PID/status) */
  private static boolean ignoresHup(long pid) throws Exception {
    String ignored = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow()
        .substring("SigIgn:".length()).trim();
    return (Long.parseUnsignedLong(ignored, 16) & 1L) != 0;
  }

  private static ControlCommand.Result jdkTool(String tool, String... command) throws Exception {
    List<String> args = new java.util.ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
    args.addAll(List.of(command));
    Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("%s ended", tool)
        .isTrue();
    return new ControlCommand.Result(process.exitValue(), out, "");
  }
}
