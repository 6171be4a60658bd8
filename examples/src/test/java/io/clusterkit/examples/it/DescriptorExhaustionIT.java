package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.RawClients;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A launcher and its one worker under a 1,024-descriptor limit, given 1,300 idle connections:
 * the worker holds what its limit leaves room for, closes the others at once (logging it once),
 * is not wedged once they are gone (it serves again, the same process), and status shows each
 * process's descriptors against its limit.
 */
@Timeout(300)
class DescriptorExhaustionIT {

  private static final int LIMIT = 1024;
  /** The most ConnectionLimits.fittedTo leaves a worker of LIMIT descriptors. */
  private static final int FITTED = LIMIT - 256 - LIMIT / 16;

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(1)
      .through("prlimit", "--nofile=" + LIMIT + ":" + LIMIT, "--")
      .option("-keepalive-timeout", "120s").extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  @Test
  void idleConnectionsPastTheLimitAreClosedAndTheWorkerServesAgainOnceTheyAreGone()
      throws Exception {
    int port = launcher.port();
    WorkerStatus before = launcher.worker(0);
    JsonObject status = launcher.status();
    assertThat(status.getJsonObject("fds").getLong("limit")).isEqualTo(LIMIT);
    assertThat(before.json().getJsonObject("fds").getLong("limit")).isEqualTo(LIMIT);
    int from = launcher.lineCount();

    try (RawClients idle = new RawClients(port, 1300)) {
      // those past the worker's room are closed at once; the others stay open, idle
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (idle.closedCount() < 1300 - FITTED && System.nanoTime() < deadline) {
        idle.poll(Duration.ofMillis(100));
      }
      assertThat(idle.closedCount()).as("connections closed past the worker's room")
          .isGreaterThanOrEqualTo(1300 - FITTED);
      JsonObject fds = launcher.worker(0).json().getJsonObject("fds");
      assertThat(fds.getInteger("open")).as("worker descriptors at saturation: %s", fds)
          .isLessThan(LIMIT);
      assertThat(launcher.lines().subList(from, launcher.lineCount()).stream()
          .filter(l -> l.contains("closing new")).count())
          .as("the refusal is logged once (by the receiver, or by the server for a straggler)")
          .isBetween(1L, 2L);
    }

    RawHttp.Response again = Await.until(Duration.ofSeconds(30), () -> {
      try {
        return RawHttp.get(port, "/", 3_000);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, r -> r.status() == 200, "the worker to serve again once the idle connections closed");
    assertThat(again.pid()).as("the same worker, recovered by itself").isEqualTo(before.pid());
    assertThat(launcher.output()).as("no socket lost on the way to the worker")
        .doesNotContain("cannot take sockets").doesNotContain("unreported");
    for (int i = 0; i < 20; i++) {
      assertThat(RawHttp.get(port, "/", 5_000).status()).isEqualTo(200);
    }
    Await.until(Duration.ofSeconds(30),
        () -> launcher.worker(0).json().getJsonObject("fds").getInteger("open"),
        open -> open < before.json().getJsonObject("fds").getInteger("open") + 20,
        "the worker's descriptors back near their baseline");
  }
}
