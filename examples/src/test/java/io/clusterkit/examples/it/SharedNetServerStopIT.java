package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the README promises a raw {@code NetServer} of the application's own at stop: ClusterKit
 * cannot tell a request from a pause in a protocol it cannot read, so an established connection
 * stays open and answered while its worker drains, is closed at the end of {@code -grace}, and
 * the launcher then exits 0.
 */
@Timeout(180)
class SharedNetServerStopIT {

  private static final int NET = SharedListenIT.freePort();
  private TestCluster cluster;

  @AfterEach
  void cleanUp() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void establishedRawConnectionIsServedWhileDrainingThenClosedAtTheEndOfGrace()
      throws Exception {
    cluster = ClusterKit.cluster().workers(2).withoutPort()
        .option("-host", "127.0.0.1").option("-grace", "4")
        .option("-conf", new JsonObject().put("host", "127.0.0.1").put("netPort", NET).encode())
        .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).start();
    cluster.awaitReady();
    try (Socket socket = new Socket("127.0.0.1", NET)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII));
      out.write("before\n".getBytes(StandardCharsets.US_ASCII));
      String first = in.readLine();
      assertThat(first).as("answer before the stop").endsWith(" got before");
      long pid = Long.parseLong(first.split(" ")[1]);
      int slot = cluster.workers().stream().filter(w -> w.pid() == pid).findFirst()
          .orElseThrow().slot();
      cluster.signal("TERM");
      cluster.awaitWorker(slot, w -> "DRAINING".equals(w.state()), Duration.ofSeconds(30));
      out.write("draining\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(in.readLine()).as("answer while its worker drains")
          .isEqualTo("pid " + pid + " got draining");
      long drainingAt = System.nanoTime();
      assertThat(in.readLine()).as("end of stream once -grace is over").isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - drainingAt))
          .as("closed at the end of -grace, not at once").isGreaterThan(Duration.ofSeconds(1));
    }
    assertThat(cluster.awaitExit(Duration.ofSeconds(60))).as("launcher exit code").isZero();
  }
}
