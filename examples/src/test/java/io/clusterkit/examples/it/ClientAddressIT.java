package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.EchoAddressVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers see the real client in {@code request.remoteAddress()}, not the launcher: the
 * launcher's PROXY header carries it over the private socket.
 */
@Timeout(120)
@ClusterKitTest(workers = 2, verticle = EchoAddressVerticle.class)
class ClientAddressIT {

  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
  }

  @Test
  void workerSeesTheClientsOwnAddressAndPortAndThePublicPort() throws IOException {
    for (String client : new String[] {"127.0.0.7", "127.0.0.23"}) {
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        RawHttp.Response response = RawHttp.parse(in.readAllBytes());
        JsonObject seen = response.json();
        assertThat(seen.getString("remoteHost")).as("client address seen by the worker")
            .isEqualTo(client);
        assertThat(seen.getInteger("remotePort")).as("client port seen by the worker")
            .isEqualTo(socket.getLocalPort());
        assertThat(seen.getInteger("localPort")).as("public port seen by the worker")
            .isEqualTo(port);
      }
    }
  }
}
