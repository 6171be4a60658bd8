package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.EchoAddressVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.sticky.WorkerTransport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -balance reuseport}: no router; every worker listens on the public port itself with
 * SO_REUSEPORT and the kernel spreads new connections. Workers run io_uring where the kernel
 * allows it, as by default, epoll elsewhere or when asked ({@link ReusePortEpollIT}).
 */
@Timeout(120)
@ClusterKitTest(workers = 2, verticle = EchoAddressVerticle.class,
    args = {"-balance", "reuseport"})
class ReusePortIT {

  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  @Test
  void bothWorkersServeThePublicPortAndSeeTheRealClient() throws IOException {
    assertBothWorkersServe(launcher, port);
    String expected = WorkerTransport.ioUringUnavailability() == null ? "io_uring" : "epoll";
    assertThat(launcher.status().getString("transport")).as("the workers' transport in /status")
        .isEqualTo(expected);
  }

  /**
   * Connections from client addresses 127.0.0.2 and up, one request each, until both workers
   * answered: each sees the real client and the public port.
   */
  static void assertBothWorkersServe(TestCluster launcher, int port) throws IOException {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 100 && pids.size() < 2; i++) {
      String client = "127.0.0." + (2 + i % 40);
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        RawHttp.Response response = RawHttp.parse(in.readAllBytes());
        assertThat(response.status()).as("connection %d: %s", i, response).isEqualTo(200);
        JsonObject seen = response.json();
        assertThat(seen.getString("remoteHost")).as("client address seen by the worker")
            .isEqualTo(client);
        assertThat(seen.getInteger("remotePort")).as("client port seen by the worker")
            .isEqualTo(socket.getLocalPort());
        assertThat(seen.getInteger("localPort")).as("public port").isEqualTo(port);
        pids.add(response.pid());
      }
    }
    assertThat(pids).as("worker pids that answered on the public port").hasSize(2);
    assertThat(launcher.status().getString("router")).as("the router mode in /status")
        .isEqualTo("reuseport");
  }
}
