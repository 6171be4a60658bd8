package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a container's main process, in a PID namespace of its own as Docker gives it
 * ({@code unshare --pid --fork --mount-proc}, which needs root): it is pid 1 there, a worker
 * killed with -9 is reaped (no zombie child is left) and replaced, TERM (what {@code docker
 * stop} sends) drains (a request in flight is answered) and exits 0, and its exit code is the
 * namespace's. Worker pids the launcher reports are pids of its namespace: this test maps them
 * to the host's through each process's {@code NSpid} line and never signals a pid it has not
 * mapped.
 */
@Timeout(240)
class ContainerPidOneIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path runDir;

  private final List<Process> started = new ArrayList<>();
  private final List<ProcessHandle> seen = new ArrayList<>();

  @BeforeAll
  static void needsPidNamespaces() throws Exception {
    String unavailable;
    try {
      Process probe = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true")
          .redirectErrorStream(true).start();
      boolean ended = probe.waitFor(30, TimeUnit.SECONDS);
      String output = new String(probe.getInputStream().readAllBytes()).trim();
      unavailable = !ended ? "unshare did not return" : probe.exitValue() == 0 ? null
          : "unshare --pid --fork --mount-proc exits " + probe.exitValue() + ": " + output;
    } catch (IOException e) {
      unavailable = "no unshare command (util-linux): " + e.getMessage();
    }
    String reason = unavailable;
    assumeTrue(reason == null, () -> "no PID namespace for the test (it needs root and "
        + "util-linux's unshare): " + reason);
  }

  @AfterEach
  void killEverything() throws Exception {
    for (Process unshare : started) {
      unshare.descendants().forEach(seen::add);
    }
    // the launcher first: as pid 1, its end kills whatever is left in its namespace
    seen.forEach(ProcessHandle::destroyForcibly);
    started.forEach(Process::destroyForcibly);
    for (ProcessHandle handle : seen) {
      handle.onExit().get(30, TimeUnit.SECONDS);
    }
    for (Process unshare : started) {
      assertThat(unshare.waitFor(30, TimeUnit.SECONDS)).as("unshare ended").isTrue();
    }
  }

  private Process start(String... launcherArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork",
        "--mount-proc", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m"));
    command.addAll(ClusterKit.JVM_FLAGS);
    command.addAll(List.of("-jar", Clusters.LAUNCHER_JAR.toString()));
    command.addAll(List.of(launcherArgs));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(runDir.resolve("stdout.log").toFile())
        .redirectError(runDir.resolve("stderr.log").toFile());
    builder.environment().put(LauncherRegistry.ENV, runDir.resolve("run").toString());
    Process unshare = builder.start();
    started.add(unshare);
    return unshare;
  }

  /** @return the launcher, as the host sees it: the child unshare forked into the namespace */
  private ProcessHandle launcherOf(Process unshare) {
    ProcessHandle launcher = Await.until(Duration.ofSeconds(30),
        () -> unshare.children().findFirst().orElse(null), handle -> handle != null,
        "the launcher forked by unshare " + unshare.pid());
    seen.add(launcher);
    return launcher;
  }

  /** @return the pid a process has in each namespace it is in, the host's first */
  private static List<Long> nsPids(long hostPid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + hostPid + "/status"))) {
        if (line.startsWith("NSpid:")) {
          return List.of(line.substring(6).trim().split("\\s+")).stream().map(Long::valueOf)
              .toList();
        }
      }
      return List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** @return the launcher's children: their pid in its namespace -> their host pid */
  private Map<Long, ProcessHandle> children(ProcessHandle launcher) {
    Map<Long, ProcessHandle> byNsPid = new HashMap<>();
    launcher.children().forEach(child -> {
      seen.add(child);
      List<Long> pids = nsPids(child.pid());
      if (!pids.isEmpty()) {
        byNsPid.put(pids.get(pids.size() - 1), child);
      }
    });
    return byNsPid;
  }

  /** @return the state letter of /proc/PID/stat (R, S, Z...), or "gone" */
  private static String state(long hostPid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + hostPid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
    } catch (IOException e) {
      return "gone";
    }
  }

  private JsonObject status() {
    List<LauncherRegistry.Entry> running = new LauncherRegistry(runDir.resolve("run")).running();
    if (running.isEmpty()) {
      throw new IllegalStateException("the launcher has not registered yet");
    }
    try {
      return new AdminClient(running.get(0)).call("GET", "/status", null,
          Duration.ofSeconds(10)).json();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<JsonObject> worker(JsonObject status, int slot) {
    return status.getJsonArray("workers").stream().map(JsonObject.class::cast)
        .filter(w -> w.getInteger("slot") == slot).findFirst();
  }

  private static boolean allReady(JsonObject status, int workers) {
    return status.getJsonArray("workers").size() == workers && status.getJsonArray("workers")
        .stream().map(JsonObject.class::cast).allMatch(w -> "READY".equals(w.getString("state")));
  }

  @Test
  void asPidOneItReapsAKilledWorkerAndTermDrainsAndExitsZero() throws Exception {
    // no spare: the test counts the launcher's children, which are its slots' workers
    Process unshare = start("-workers", "2", "-spares", "0", "-host", "127.0.0.1", "-port", "0",
        "-grace", "3",
        "-cp", Clusters.EXAMPLES_JAR.toString(), "io.clusterkit.examples.hello.HelloVerticle");
    ProcessHandle launcher = launcherOf(unshare);
    Await.until(Duration.ofSeconds(30), () -> nsPids(launcher.pid()), pids -> pids.size() == 2,
        "the launcher's pid in the host and in its namespace");
    assertThat(nsPids(launcher.pid())).as("host pid, then its pid in the namespace")
        .containsExactly(launcher.pid(), 1L);
    JsonObject ready = Await.until(WAIT, this::status, s -> allReady(s, 2),
        "both workers READY");
    assertThat(ready.getLong("pid")).as("the launcher's own pid, as it registered it")
        .isEqualTo(1L);

    long killedNsPid = worker(ready, 0).orElseThrow().getLong("pid");
    ProcessHandle killed = children(launcher).get(killedNsPid);
    assertThat(killed).as("slot 0's worker, pid %s in the namespace, among the launcher's "
        + "children %s", killedNsPid, children(launcher).keySet()).isNotNull();
    killed.destroyForcibly();
    Await.until(WAIT, this::status, s -> allReady(s, 2)
        && worker(s, 0).orElseThrow().getInteger("gen") == 2, "slot 0 replaced and READY");
    Await.until(Duration.ofSeconds(10), () -> state(killed.pid()), "gone"::equals,
        "the killed worker " + killed.pid() + " reaped by the launcher (not left a zombie)");
    Map<Long, ProcessHandle> children = children(launcher);
    assertThat(children.values()).as("the launcher's children").hasSize(2)
        .allSatisfy(child -> assertThat(state(child.pid())).as("state of %s", child.pid())
            .isNotEqualTo("Z"));

    int port = new LauncherRegistry(runDir.resolve("run")).running().get(0).port();
    KeepAliveConnection connection = new KeepAliveConnection(port);
    assertThat(connection.get("/").status()).as("the connection reaches a worker").isEqualTo(200);
    connection.send("/slow?ms=1500");
    launcher.destroy(); // SIGTERM from outside the namespace, as docker stop sends it
    RawHttp.Response slow = connection.read();
    assertThat(slow.status()).as("the request in flight at TERM is answered").isEqualTo(200);
    assertThat(slow.headers()).containsEntry("connection", "close");
    connection.close();
    assertThat(unshare.waitFor(60, TimeUnit.SECONDS)).as("the namespace ended").isTrue();
    assertThat(unshare.exitValue()).as("the launcher's exit code, through unshare").isZero();
    assertThat(Files.readString(runDir.resolve("stdout.log")))
        .contains("stopped: graceful stop: every worker has exited");
    children.values().forEach(child -> assertThat(child.isAlive())
        .as("worker %s after the launcher's exit", child.pid()).isFalse());
  }

  @Test
  void theLaunchersExitCodeIsTheNamespacesAsPidOne() throws Exception {
    Process unshare = start("-workers", "1", "-spares", "0", "-host", "127.0.0.1", "-port", "0",
        "-grace", "2",
        "-cp", Clusters.TEST_CLASSES.toString(),
        "io.clusterkit.examples.it.apps.FailingVerticle");
    assertThat(unshare.waitFor(90, TimeUnit.SECONDS)).as("the namespace ended").isTrue();
    assertThat(unshare.exitValue()).as("exit code 4, first boot failed, through unshare")
        .isEqualTo(4);
    assertThat(Files.readString(runDir.resolve("stderr.log")))
        .contains("boom: database url missing");
  }
}
