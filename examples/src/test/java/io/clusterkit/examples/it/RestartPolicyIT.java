package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.examples.it.apps.CrashAtBootVerticle;
import io.clusterkit.examples.it.apps.SlowStartVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.AdminCallException;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart policy with real workers: a slot whose workers crash at boot is FAILED once
 * {@code -max-restarts} is exceeded while the other slot serves on; a restart of it whose
 * replacement fails again answers 500; once every slot is FAILED the launcher exits 5. A worker
 * that never reports READY is killed after {@code -boot-timeout}, not the default 60 s.
 */
@Timeout(240)
class RestartPolicyIT {

  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  private TestCluster start(ClusterKit kit) {
    TestCluster cluster = kit.start();
    started.add(cluster);
    return cluster;
  }

  @Test
  void crashLoopPastMaxRestartsFailsTheSlotAndEverySlotFailedEndsTheLauncher(@TempDir Path dir)
      throws Exception {
    Path crashFile = dir.resolve("crash");
    TestCluster launcher = start(ClusterKit.cluster().workers(2).option("-grace", "2")
        .option("-max-restarts", "2").option("-restart-window", "2m")
        .option("-min-uptime", "10m") // every exit in this test is an early one
        .option("-restart-backoff", "100ms:400ms")
        .option("-conf", new JsonObject().put("crashFile", crashFile.toString()).encode())
        .classpath(Clusters.TEST_CLASSES).verticle(CrashAtBootVerticle.class));
    launcher.awaitReady();
    WorkerStatus survivor = launcher.worker(0);
    Files.createFile(crashFile);

    TestCluster.signal(launcher.worker(1).pid(), "KILL");
    WorkerStatus failed = launcher.awaitWorker(1, w -> "FAILED".equals(w.state()),
        Duration.ofSeconds(90));

    assertThat(failed.gen()).as("gen 1 killed, gens 2 and 3 failed at boot").isEqualTo(3);
    assertThat(failed.json().getInteger("restarts")).isEqualTo(2);
    assertThat(failed.lastExit().getBoolean("planned")).isFalse();
    assertThat(failed.lastExit().getInteger("exitCode")).as("BOOT_FAILED").isEqualTo(4);
    WorkerStatus serving = launcher.worker(0);
    assertThat(serving.pid()).as("slot 0 serves on").isEqualTo(survivor.pid());
    for (int i = 0; i < 5; i++) {
      assertThat(RawHttp.get(launcher.port(), "/", 10_000).pid()).isEqualTo(survivor.pid());
    }

    assertThatThrownBy(() -> launcher.restart(1))
        .isInstanceOfSatisfying(AdminCallException.class, e -> {
          assertThat(e.status()).as("a replacement that never became READY").isEqualTo(500);
          assertThat(e.error()).startsWith("restart of slot 1 failed: slot 1 gen 4 failed to "
              + "become READY: exit code 4 (BOOT_FAILED)");
        });

    // the failed restart revived slot 1: its crash loop runs to FAILED again (gens 4..6)
    launcher.awaitWorker(1, w -> "FAILED".equals(w.state()) && w.gen() == 6,
        Duration.ofSeconds(90));
    TestCluster.signal(survivor.pid(), "KILL");
    assertThat(launcher.awaitExit(Duration.ofSeconds(120))).as("ALL_SLOTS_FAILED")
        .isEqualTo(5);
    assertThat(String.join("\n", launcher.stderrLines()))
        .contains("every slot is FAILED, the last was slot 0 gen 3 after 3 early exits within "
            + "120 s (exit code 4 (BOOT_FAILED))");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }

  @Test
  void workerNeverReadyIsKilledAfterTheBootTimeout() throws Exception {
    long begun = System.nanoTime();
    TestCluster launcher = start(ClusterKit.cluster().workers(1).option("-grace", "2")
        .option("-boot-timeout", "2s").option("-max-restarts", "1")
        .option("-conf", "{\"startDelayMs\":120000}")
        .classpath(Clusters.TEST_CLASSES).verticle(SlowStartVerticle.class));

    assertThat(launcher.awaitExit(Duration.ofSeconds(90))).as("ALL_SLOTS_FAILED").isEqualTo(5);

    Duration took = Duration.ofNanos(System.nanoTime() - begun);
    assertThat(took).as("two boots of 2 s each, not of 60 s").isLessThan(Duration.ofSeconds(45));
    assertThat(String.join("\n", launcher.stderrLines())).contains("every slot is FAILED, the "
        + "last was slot 0 gen 2 after 2 early exits in a row (signal 9 (KILL), no READY within "
        + "2 s)");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }
}
