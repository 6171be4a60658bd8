package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.HealthCheckVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The health check reaches each worker's own server whichever way connections reach it: with the
 * launcher forwarding bytes to the worker's Unix socket (which expects the launcher's PROXY
 * header), and with workers listening on the public port themselves (reuseport). The worker
 * becomes READY only through a passing check, and is replaced once its check fails. (Socket
 * hand-off to io_uring workers, the default where the kernel allows it, whose check goes over
 * loopback TCP, is covered by {@link HealthProbeIT}; hand-off to epoll workers, whose check goes
 * over a Unix socket, here.)
 */
@Timeout(180)
class HealthProbeModesIT {

  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  private static long pidAnswering(int port) {
    return Await.until(Duration.ofSeconds(20), () -> {
      try {
        RawHttp.Response response = RawHttp.get(port, "/", 5_000);
        return response.status() == 200 ? response.pid() : -1L;
      } catch (IOException e) {
        return -1L;
      }
    }, pid -> pid > 0, () -> "an answer on port " + port);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-router forward", "-balance reuseport", "-transport epoll"})
  void workerIsAdmittedByItsCheckAndReplacedWhenItFails(String mode) throws Exception {
    String[] modeArgs = mode.split(" ");
    TestCluster launcher = ClusterKit.cluster().workers(1).verticle(HealthCheckVerticle.class)
        .option(modeArgs[0], modeArgs[1]).option("-health", "/healthz")
        .option("-health-interval", "0.5").option("-health-failures", "2").start();
    started.add(launcher);
    launcher.awaitReady();
    int port = launcher.port();
    JsonObject health = launcher.worker(0).json().getJsonObject("health");
    assertThat(health).as("the check's state in the status").isNotNull();
    assertThat(health.getBoolean("waiting")).as("admitted by its check: %s", health).isFalse();
    assertThat(health.getInteger("failures")).isZero();

    RawHttp.Response sick = RawHttp.get(port, "/sick", 10_000);
    assertThat(sick.status()).as("%s", sick).isEqualTo(200);
    launcher.awaitWorker(0, w -> !(w.pid() == sick.pid() && w.ready()), Duration.ofSeconds(15));
    long replacement = launcher.awaitWorker(0, w -> w.gen() == 2 && w.ready(),
        Duration.ofSeconds(60)).pid();
    assertThat(replacement).isNotEqualTo(sick.pid());
    JsonObject exit = launcher.awaitWorker(0, w -> w.lastExit() != null
        && w.lastExit().getLong("pid") == sick.pid(), Duration.ofSeconds(10)).lastExit();
    assertThat(exit.getString("reason")).as("why it was replaced: %s", exit)
        .isEqualTo("health check GET /healthz failed 2 times: 503");
    assertThat(pidAnswering(port)).as("the replacement serves").isEqualTo(replacement);
  }
}
