package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.ProxyHeaders;
import io.clusterkit.launcher.junit.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain verticle's own {@code listen(port)} behind a load balancer ({@code -sticky
 * -proxy-protocol}): the launcher reads each PROXY header on the shared port, pins the client it
 * names to one worker, and the application's server, which never asked for PROXY protocol, sees
 * that client as {@code remoteAddress()}.
 */
@Timeout(180)
class SharedListenProxyIT {

  private static final int HTTP = SharedListenIT.freePort();

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      .option("-host", "127.0.0.1").option("-grace", "3").flag("-sticky")
      .flag("-proxy-protocol")
      .option("-conf", new JsonObject().put("host", "127.0.0.1").put("port", HTTP).encode())
      .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).extension();

  @Test
  void headersNameTheClientTheServerSeesAndPinItToOneWorker() throws IOException {
    KIT.cluster().awaitReady();
    List<String> clients = List.of("203.0.113.7", "198.51.100.23", "192.0.2.200", "10.9.8.7",
        "172.16.4.4", "100.64.1.1");
    Set<Long> everyPid = new HashSet<>();
    for (String client : clients) {
      Set<Long> pids = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        byte[] header = i % 2 == 0 ? ProxyHeaders.v1(client, 40000, "192.0.2.1", 443)
            : ProxyHeaders.v2(client, 40000, "192.0.2.1", 443);
        RawHttp.Response response = RawHttp.parse(exchange(header));
        assertThat(response.status()).as("answer for %s", client).isEqualTo(200);
        JsonObject seen = response.json();
        assertThat(seen.getString("remoteHost")).as("client the server sees").isEqualTo(client);
        assertThat(seen.getInteger("localPort")).as("server port the header names")
            .isEqualTo(443);
        pids.add(seen.getLong("pid"));
      }
      assertThat(pids).as("workers that served client %s", client).hasSize(1);
      everyPid.addAll(pids);
    }
    assertThat(everyPid).as("workers that served someone").hasSize(2);
  }

  private static byte[] exchange(byte[] header) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", HTTP), 5_000);
      socket.setSoTimeout(20_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(header);
      request.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(request.toByteArray());
      return socket.getInputStream().readAllBytes();
    }
  }
}
