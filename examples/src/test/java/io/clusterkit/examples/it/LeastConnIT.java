package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
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
class LeastConnIT {

  private static LauncherProcess launcher;
  private static int port;
  private final List<Opened> opened = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws IOException {
    launcher = LauncherProcess.cluster(2, LauncherProcess.TEST_CLASSES,
        "io.clusterkit.examples.it.EchoAddressVerticle", "-balance", "least-conn");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
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
    Poll.until(Duration.ofSeconds(10), () -> {
      try {
        return observer.get("/").json().getInteger("open");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, open -> open == 1, () -> "slot 0's worker down to its one observer connection");
    // and the launcher has its report (closes are reported in batches a few ms apart)
    Poll.until(Duration.ofSeconds(10), LeastConnIT::routedToSlot0, n -> n == 1,
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
    try {
      Control.Result status = Control.run(Duration.ofSeconds(30), "status", "-port",
          Integer.toString(port), "-json");
      return new io.vertx.core.json.JsonObject(status.out()).getJsonArray("workers")
          .getJsonObject(0).getInteger("routedConnections", -1);
    } catch (Exception e) {
      throw new AssertionError("status failed", e);
    }
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
