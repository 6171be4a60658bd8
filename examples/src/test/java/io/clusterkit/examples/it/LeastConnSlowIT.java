package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.hello.HelloVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hello example under {@code -balance least-conn} with slow requests ({@code /slow?ms=N}):
 * while one worker holds several slow requests, the connections that come next go to the other
 * worker, until both hold as many (round-robin would send every second one to the busy worker,
 * to queue behind its slow ones); the slow requests are answered in full.
 */
@Timeout(120)
@ClusterKitTest(workers = 2, verticle = HelloVerticle.class, args = {"-balance", "least-conn"})
class LeastConnSlowIT {

  private static final int SLOW = 3;
  private static TestCluster launcher;
  private static int port;
  private final List<KeepAliveConnection> open = new ArrayList<>();

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  @AfterEach
  void closeConnections() throws IOException {
    for (KeepAliveConnection connection : open) {
      connection.close();
    }
  }

  private static int routed(int slot) {
    return launcher.worker(slot).json().getInteger("routedConnections", -1);
  }

  @Test
  void connectionsGoToTheWorkerWithoutSlowRequestsUntilBothHoldAsMany() throws Exception {
    // slot 0's worker gets SLOW slow requests, each on a connection of its own; the connections
    // that land on slot 1 meanwhile (all are kept open, so the two take turns) are closed
    List<KeepAliveConnection> quick = new ArrayList<>();
    for (int attempt = 0; attempt < 4 * SLOW && open.size() < SLOW; attempt++) {
      KeepAliveConnection connection = new KeepAliveConnection(port);
      if (connection.get("/").worker() == 0) {
        open.add(connection);
        connection.send("/slow?ms=8000");
      } else {
        quick.add(connection);
      }
    }
    assertThat(open).as("slow requests on slot 0").hasSize(SLOW);
    for (KeepAliveConnection connection : quick) {
      connection.close();
    }
    // and the launcher has the closes of slot 1's connections (reported a few ms apart)
    launcher.awaitStatus(s -> routed(0) == SLOW && routed(1) == 0, Duration.ofSeconds(10));

    List<Integer> next = new ArrayList<>();
    for (int i = 0; i < SLOW; i++) {
      KeepAliveConnection connection = new KeepAliveConnection(port);
      open.add(connection);
      next.add(connection.get("/").worker());
    }
    assertThat(next).as("the %d connections opened while slot 0 was busy", SLOW)
        .containsOnly(1);
    KeepAliveConnection tie = new KeepAliveConnection(port);
    open.add(tie);
    KeepAliveConnection after = new KeepAliveConnection(port);
    open.add(after);
    assertThat(List.of(tie.get("/").worker(), after.get("/").worker()))
        .as("once both hold %d, they take turns", SLOW).containsExactlyInAnyOrder(0, 1);

    for (KeepAliveConnection slow : open.subList(0, SLOW)) {
      RawHttp.Response answer = slow.read();
      assertThat(answer.worker()).isZero();
      assertThat(answer.json().getLong("sleptMs")).isEqualTo(8000);
    }
  }
}
