package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.NotifySocketListener;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a systemd {@code Type=notify} service, against a real notify socket the test
 * binds: READY once every worker is READY, RELOADING then READY around a reload by SIGHUP (the
 * README unit's ExecReload), STOPPING at SIGTERM, STATUS lines with the count and the reload's
 * progress, and watchdog pings while it runs.
 */
@Timeout(240)
class SystemdNotifyIT {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  private NotifySocketListener systemd;
  private TestCluster cluster;

  @AfterEach
  void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
    if (systemd != null) {
      systemd.close();
    }
  }

  private int count(String prefix) {
    return (int) systemd.messages().stream().filter(m -> m.startsWith(prefix)).count();
  }

  @Test
  void readyReloadingReadyStoppingInOrderWithStatusAndWatchdog() throws Exception {
    systemd = NotifySocketListener.bind(dir.resolve("notify"));
    cluster = Clusters.hello(2).env("NOTIFY_SOCKET", systemd.address())
        .env("WATCHDOG_USEC", "2000000").start();

    String ready = systemd.await(m -> m.startsWith("READY=1"), WAIT, "READY=1");
    assertThat(ready).isEqualTo("READY=1\nMAINPID=" + cluster.pid()
        + "\nSTATUS=2/2 workers ready");
    assertThat(cluster.workers()).as("READY=1 only once every worker is READY")
        .allMatch(WorkerStatus::ready);
    Await.until(Duration.ofSeconds(10), () -> count("WATCHDOG=1"), n -> n >= 3,
        "three watchdog pings, one a second for WATCHDOG_USEC=2000000");
    for (WorkerStatus worker : cluster.workers()) {
      String environ = Files.readString(Path.of("/proc/" + worker.pid() + "/environ"),
          StandardCharsets.ISO_8859_1);
      assertThat(environ).as("worker %s environment", worker.slot())
          .doesNotContain("NOTIFY_SOCKET=").doesNotContain("WATCHDOG_USEC=");
    }

    long beforeReload = System.nanoTime() / 1000;
    cluster.signal("HUP");
    String reloading = systemd.await(m -> m.startsWith("RELOADING=1"), WAIT, "RELOADING=1");
    systemd.await(m -> m.startsWith("READY=1") && m.contains("reload done"), WAIT,
        "READY=1 after the reload");
    long afterReload = System.nanoTime() / 1000;
    Matcher usec = Pattern.compile("MONOTONIC_USEC=(\\d+)").matcher(reloading);
    assertThat(usec.find()).as("RELOADING=1 carries MONOTONIC_USEC: %s", reloading).isTrue();
    assertThat(Long.parseLong(usec.group(1))).as("CLOCK_MONOTONIC, as this JVM reads it")
        .isBetween(beforeReload, afterReload);

    cluster.signal("TERM");
    assertThat(cluster.awaitExit(Duration.ofSeconds(60))).as("exit code").isZero();
    systemd.await(m -> m.startsWith("STOPPING=1"), Duration.ofSeconds(5), "STOPPING=1");

    List<String> lifecycle = systemd.messages().stream()
        .filter(m -> m.startsWith("READY=") || m.startsWith("RELOADING=")
            || m.startsWith("STOPPING="))
        .map(m -> m.lines().findFirst().orElseThrow()).toList();
    assertThat(lifecycle).containsExactly("READY=1", "RELOADING=1", "READY=1", "STOPPING=1");
    List<String> statuses = systemd.messages().stream()
        .flatMap(String::lines).filter(l -> l.startsWith("STATUS=")).toList();
    assertThat(statuses).containsSubsequence("STATUS=starting: 0/2 workers ready",
        "STATUS=2/2 workers ready", "STATUS=reloading: 0/2 slots replaced",
        "STATUS=reloading: 1/2 slots replaced", "STATUS=reloading: 2/2 slots replaced",
        "STATUS=reload done: 2 slots rolled; 2/2 workers ready",
        "STATUS=stopping: draining 2 workers");
  }
}
