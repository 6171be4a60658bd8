package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.EchoAddressVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers on Netty's io_uring transport, the default where the kernel allows it, as deployed: a
 * real launcher handing sockets to 2 worker JVMs, run with {@code -ea}. Connections opened at
 * once are each answered on their own socket, by both workers.
 */
@Timeout(180)
class IoUringTransportIT {

  private static final int ROUNDS = 40;
  private static final int AT_ONCE = 16;

  @AutoClose
  private TestCluster launcher;

  @Test
  void connectionsOpenAtOnceAreEachAnsweredOnTheirOwnSocket() throws Exception {
    Clusters.assumeIoUring();
    launcher = ClusterKit.cluster().workers(2).verticle(EchoAddressVerticle.class)
        // Netty's io_uring assertions stay off in the workers even so (WorkerCommand)
        .option("-worker-opts", "-ea").start().awaitReady();
    int port = launcher.port();
    assertThat(launcher.status().getString("transport")).as("the workers' transport in /status")
        .isEqualTo("io_uring");

    Set<Integer> workers = new HashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < AT_ONCE; i++) {
          Socket client = new Socket();
          clients.add(client);
          client.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
          client.setSoTimeout(10_000);
          client.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (Socket client : clients) {
          RawHttp.Response response = RawHttp.parse(client.getInputStream().readAllBytes());
          assertThat(response.status()).as("round %d: %s", round, response).isEqualTo(200);
          assertThat(response.json().getInteger("remotePort")).as("the client's own port")
              .isEqualTo(client.getLocalPort());
          workers.add(response.worker());
        }
      } finally {
        for (Socket client : clients) {
          client.close();
        }
      }
    }
    assertThat(workers).as("workers that answered").containsExactlyInAnyOrder(0, 1);
  }
}
