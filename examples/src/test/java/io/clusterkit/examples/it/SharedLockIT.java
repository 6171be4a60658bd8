package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster-wide lock between two real workers: while one holds it, the other's acquire with a
 * 500 ms timeout fails, no earlier than 500 ms; after the release it succeeds.
 */
@Timeout(180)
class SharedLockIT {

  private static LauncherProcess launcher;
  private static int port;

  @BeforeAll
  static void startCluster() throws IOException {
    launcher = LauncherProcess.start("-workers", "2", "-host", "127.0.0.1", "-port", "0",
        "-grace", "2", "-sticky", "-cp", LauncherProcess.TEST_CLASSES.toString(),
        "io.clusterkit.examples.it.LockVerticle");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
  }

  private static JsonObject call(String client, String method, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(client, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: x\r\n"
          + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      RawHttp.Response response = RawHttp.parse(socket.getInputStream().readAllBytes());
      assertThat(response.status()).as("%s %s from %s", method, path, client).isEqualTo(200);
      return response.json();
    }
  }

  @Test
  void otherWorkersAcquireTimesOutNoEarlierThan500msThenSucceedsAfterTheRelease()
      throws IOException {
    String holder = "127.0.0.2";
    int holderWorker = call(holder, "GET", "/whoami").getInteger("worker");
    String other = null;
    for (int i = 3; i < 60 && other == null; i++) {
      if (call("127.0.0." + i, "GET", "/whoami").getInteger("worker") != holderWorker) {
        other = "127.0.0." + i;
      }
    }
    assertThat(other).as("a client that ip-hash sends to the other worker").isNotNull();

    assertThat(call(holder, "POST", "/hold").getBoolean("held")).isTrue();
    JsonObject blocked = call(other, "GET", "/try?timeout=500");
    assertThat(blocked.getInteger("worker")).isNotEqualTo(holderWorker);
    assertThat(blocked.getBoolean("acquired")).as("acquire while held: %s", blocked).isFalse();
    assertThat(blocked.getLong("ms")).as("failed after").isGreaterThanOrEqualTo(500);

    assertThat(call(holder, "POST", "/release").getBoolean("released")).isTrue();
    JsonObject free = call(other, "GET", "/try?timeout=500");
    assertThat(free.getBoolean("acquired")).as("acquire after release: %s", free).isTrue();
  }
}
