package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.EchoAddressVerticle;
import io.clusterkit.launcher.junit.Await;
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
 * {@code -balance least-conn} with socket hand-off: the launcher never sees a connection's bytes,
 * so it counts a worker's open connections from the closes the worker reports. A new connection
 * goes to the worker with fewer open ones, and the counts follow the closes.
 */
@Timeout(120)
@ClusterKitTest(workers = 2, verticle = EchoAddressVerticle.class,
    args = {"-balance", "least-conn"})
class LeastConnIT {

  private static TestCluster launcher;
  private static int port;
  private final List<Opened> opened = new ArrayList<>();

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  @AfterEach
  void closeConnections() throws IOException {
    for (Opened connection : opened) {
      connection.socket.close();
    }
  }

  @Test
  void newConnectionsGoToTheWorkerWithFewerOpenOnesAsClosesAreReported() throws IOException {
    int[] perSlot = new int[2];
    for (int i = 0; i < 10; i++) {
      Opened connection = open();
      perSlot[connection.slot]++;
    }
    assertThat(perSlot).as("10 connections kept open, per slot").containsExactly(5, 5);

    // the clients of slot 0 leave but one, which watches the worker count them closed
    List<Opened> slot0 = opened.stream().filter(c -> c.slot == 0).toList();
    for (Opened connection : slot0.subList(1, slot0.size())) {
      connection.socket.close();
      opened.remove(connection);
    }
    KeepAliveConnection observer = slot0.get(0).socket;
    Await.until(Duration.ofSeconds(10), () -> {
      try {
        return observer.get("/").json().getInteger("open");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, open -> open == 1, () -> "slot 0's worker down to its one observer connection");
    // and the launcher has its report (closes are reported in batches a few ms apart)
    Await.until(Duration.ofSeconds(10), LeastConnIT::routedToSlot0, n -> n == 1,
        () -> "the launcher counting 1 open connection on slot 0");

    // the launcher now counts 1 open on slot 0 and 5 on slot 1: the next 4 all go to slot 0,
    // where round-robin, or least-conn on stale counts, would alternate
    List<Integer> next = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      next.add(open().slot);
    }
    assertThat(next).as("slots of the 4 connections opened after slot 0's clients left")
        .containsExactly(0, 0, 0, 0);
    Opened tie = open();
    Opened after = open();
    assertThat(List.of(tie.slot, after.slot)).as("slots once both have 5 open")
        .containsExactlyInAnyOrder(0, 1);
  }

  private static int routedToSlot0() {
    return launcher.worker(0).json().getInteger("routedConnections", -1);
  }

  private Opened open() throws IOException {
    KeepAliveConnection socket = new KeepAliveConnection(port);
    RawHttp.Response response = socket.get("/");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    Opened connection = new Opened(socket, response.worker());
    opened.add(connection);
    return connection;
  }

  private record Opened(KeepAliveConnection socket, int slot) {
  }
}
