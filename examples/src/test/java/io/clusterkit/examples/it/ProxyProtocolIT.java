package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.EchoAddressVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.ProxyHeaders;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.sticky.RendezvousBalancer;
import io.clusterkit.sticky.SlotLoad;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -sticky -proxy-protocol} with the default socket hand-off, as behind HAProxy or an AWS
 * NLB: the launcher reads each connection's PROXY v1 or v2 header, pins the client it names to a
 * slot, and the worker sees that client as {@code remoteAddress()}. A malformed header closes
 * that connection alone.
 */
@Timeout(120)
@ClusterKitTest(workers = 2, verticle = EchoAddressVerticle.class,
    args = {"-sticky", "-proxy-protocol"})
class ProxyProtocolIT {

  private static final RendezvousBalancer BALANCER = new RendezvousBalancer();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  private static byte[] v1(String client, int clientPort) {
    return ProxyHeaders.v1(client, clientPort, "192.0.2.1", 443);
  }

  private static byte[] v2(String client, int clientPort) {
    return ProxyHeaders.v2(client, clientPort, "192.0.2.1", 443);
  }

  private static int slotOf(String client) throws IOException {
    return BALANCER.pick(InetAddress.getByName(client).getAddress(),
        List.of(new SlotLoad(0, 0), new SlotLoad(1, 0)));
  }

  /** Sends a header and a GET on a fresh connection; the whole answer, empty when closed. */
  private static byte[] exchange(byte[] header) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(header);
      request.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(request.toByteArray());
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(answer);
      } catch (IOException reset) {
        // closed with a reset
      }
      return answer.toByteArray();
    }
  }

  @Test
  void headersDecideTheSlotAndAreTheClientTheWorkerSees() throws IOException {
    List<String> clients = List.of("203.0.113.7", "198.51.100.23", "192.0.2.200", "10.9.8.7",
        "172.16.4.4", "100.64.1.1");
    boolean[] slotsSeen = new boolean[2];
    for (String client : clients) {
      for (byte[] header : List.of(v1(client, 40000), v2(client, 40000))) {
        RawHttp.Response response = RawHttp.parse(exchange(header));
        assertThat(response.status()).as("answer for %s", client).isEqualTo(200);
        JsonObject seen = response.json();
        assertThat(seen.getInteger("worker")).as("slot of client %s", client)
            .isEqualTo(slotOf(client));
        assertThat(seen.getString("remoteHost")).as("client the worker sees").isEqualTo(client);
        assertThat(seen.getInteger("remotePort")).isEqualTo(40000);
        slotsSeen[seen.getInteger("worker")] = true;
      }
    }
    assertThat(slotsSeen).as("both slots served someone").containsExactly(true, true);
    assertThat(launcher.status().getString("router")).as("router mode").isEqualTo("handoff");
  }

  @Test
  void malformedHeaderClosesThatConnectionAndNothingElse() throws IOException {
    assertThat(exchange("HELLO I AM NOT A PROXY HEADER\r\n".getBytes(StandardCharsets.US_ASCII)))
        .as("answer to a malformed header").isEmpty();
    RawHttp.Response after = RawHttp.parse(exchange(v1("203.0.113.9", 40001)));
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.json().getString("remoteHost")).isEqualTo("203.0.113.9");
  }
}
