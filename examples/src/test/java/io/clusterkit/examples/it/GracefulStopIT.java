package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIGTERM to the launcher: requests in flight finish, workers drain, everything exits 0. */
@Timeout(180)
class GracefulStopIT {

  private TestCluster launcher;

  @AfterEach
  void cleanUp() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void termLetsASlowRequestFinishThenExitsZeroWithNoWorkerLeft() throws Exception {
    launcher = Clusters.hello(2).option("-grace", "10").start().awaitReady();
    int port = launcher.port();

    KeepAliveConnection connection = new KeepAliveConnection(port);
    assertThat(connection.get("/").status()).as("the connection reaches a worker").isEqualTo(200);
    long started = System.nanoTime();
    connection.send("/slow?ms=2000");
    launcher.signal("TERM");
    CompletableFuture<RawHttp.Response> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return connection.read();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    RawHttp.Response response = slow.get(30, TimeUnit.SECONDS);
    long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(response.status()).as("the slow request answered during the drain").isEqualTo(200);
    assertThat(response.headers()).containsEntry("connection", "close");
    assertThat(elapsedMs).as("served by the slow path").isGreaterThanOrEqualTo(2000);
    assertThat(connection.closedByServer()).as("closed after the response").isTrue();
    connection.close();
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as("launcher exit code").isZero();
    assertThat(launcher.liveWorkerPids()).as("workers still alive after the launcher exited")
        .isEmpty();
  }

  @Test
  void workersIgnoreInterruptFromTheTerminalAndStopOnlyWhenTheLauncherSaysSo() throws Exception {
    launcher = Clusters.hello(1).start().awaitReady();
    long worker = launcher.worker(0).pid();
    TestCluster.signal(worker, "INT");
    launcher.signal("TERM");
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).isZero();
    assertThat(launcher.output()).doesNotContain("unexpected");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }
}
