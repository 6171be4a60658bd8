package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.TrustAll;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain Vert.x verticle that listens by itself (no ClusterKit API, no {@code serve()}), run
 * by 2 workers: each port its servers listen on is opened by the launcher and shared by both
 * workers, as Node's cluster shares {@code server.listen(port)}. Covers HTTP on the launcher's
 * {@code -port} (the port of {@code serve()}, which then serves it), a second port in
 * the same verticle, TLS with the server's own options, a raw TCP {@code NetServer}, a server
 * that listens after the worker is READY, and the real client address.
 */
@Timeout(180)
class SharedListenIT {

  private static final int HTTP = freePort();
  private static final int HTTP2 = freePort();
  private static final int TLS = freePort();
  private static final int NET = freePort();
  private static final int LATE = freePort();

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      // the first server listens on -port, as an application on 8080 does under the default
      // -port 8080: the launcher's own router serves it; every other port gets a router of its own
      .option("-host", "127.0.0.1").option("-port", Integer.toString(HTTP)).option("-grace", "3")
      .option("-conf", new JsonObject().put("host", "127.0.0.1").put("port", HTTP)
          .put("port2", HTTP2).put("tlsPort", TLS).put("netPort", NET).put("latePort", LATE)
          .put("lateMs", 1_000).encode())
      .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).extension();
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = KIT.cluster();
  }

  @Test
  void ownHttpListenReachesBothWorkersWithTheRealClient() throws IOException {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      JsonObject seen = RawHttp.get("127.0.0.7", HTTP, "/", 20_000).json();
      assertThat(seen.getInteger("localPort")).as("port the server saw, request %d", i)
          .isEqualTo(HTTP);
      assertThat(seen.getString("remoteHost")).as("client the server saw").isEqualTo("127.0.0.7");
      pids.add(seen.getLong("pid"));
    }
    assertThat(pids).as("worker pids over 40 fresh connections").hasSize(2);
  }

  @Test
  void secondServerOfTheSameVerticleSharesItsOwnPort() throws IOException {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      JsonObject seen = RawHttp.get(HTTP2, "/").json();
      assertThat(seen.getInteger("localPort")).isEqualTo(HTTP2);
      pids.add(seen.getLong("pid"));
    }
    assertThat(pids).as("worker pids on the second port").hasSize(2);
  }

  @Test
  void tlsServerKeepsItsOwnOptions() throws Exception {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      JsonObject seen = httpsGet(TLS);
      assertThat(seen.getBoolean("ssl")).as("the worker's server terminated TLS").isTrue();
      pids.add(seen.getLong("pid"));
    }
    assertThat(pids).as("worker pids over 10 TLS connections").hasSize(2);
  }

  @Test
  void rawNetServerIsSharedToo() throws IOException {
    Set<String> answers = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      try (Socket socket = new Socket("127.0.0.1", NET)) {
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII)).readLine();
        assertThat(answer).as("answer %d", i).endsWith(" got line " + i);
        answers.add(answer.split(" ")[1]);
      }
    }
    assertThat(answers).as("pids answering the raw TCP server").hasSize(2);
  }

  @Test
  void serverThatListensAfterReadyIsRoutedToFromThen() {
    cluster.awaitReady();
    Set<Long> pids = new HashSet<>();
    Await.until(Duration.ofSeconds(60), () -> {
      try {
        pids.add(RawHttp.get(LATE, "/", 5_000).pid());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return pids;
    }, seen -> seen.size() == 2, "both workers answering on the port opened late");
  }

  @Test
  void statusListsEachPortTheLauncherOpenedForTheWorkers() {
    cluster.awaitReady();
    io.vertx.core.json.JsonArray ports = Await.until(Duration.ofSeconds(60),
        () -> cluster.status().getJsonArray("sharedPorts"), shared -> shared.size() == 4,
        "the 4 ports other than -port in status");
    for (int i = 0; i < ports.size(); i++) {
      JsonObject port = ports.getJsonObject(i);
      assertThat(port.getInteger("port")).as("%s", port).isIn(HTTP2, TLS, NET, LATE);
      assertThat(port.getString("host")).isEqualTo("127.0.0.1");
      assertThat(port.getJsonArray("routed").getList()).as("slots routed on %s", port)
          .containsExactlyInAnyOrder(0, 1);
    }
  }

  private static JsonObject httpsGet(int port) throws Exception {
    SSLContext trustAll = TrustAll.context();
    try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      return RawHttp.parse(socket.getInputStream().readAllBytes()).json();
    }
  }

  /** A port free on 127.0.0.1 now, for the application to listen on. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
