package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.SlowStartVerticle;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With no READY worker, a new connection waits (bounded), then gets a 503: never a reset. */
@Timeout(120)
class NoReadyWorkerIT {

  private TestCluster launcher;

  @AfterEach
  void cleanUp() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void connectionWaitsForTheQueueTimeoutThenGets503() throws Exception {
    launcher = ClusterKit.cluster().workers(1).option("-grace", "1")
        .option("-queue-timeout", "1.5").option("-conf", "{\"startDelayMs\": 120000}")
        .verticle(SlowStartVerticle.class).start();
    int port = launcher.port();
    assertThat(launcher.workers()).as("no worker READY").noneMatch(WorkerStatus::ready);
    long started = System.nanoTime();
    RawHttp.Response response = RawHttp.get(port, "/");
    long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("connection", "close")
        .containsKey("retry-after");
    assertThat(waitedMs).as("waited for a READY worker first").isGreaterThanOrEqualTo(1400);
  }
}
