package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An existing Vert.x application, unchanged: the {@code Main-Verticle} fat jar of
 * {@code io.clusterkit.examples.plain.PlainWebApp} (a Router, sessions in a
 * {@code LocalSessionStore}, a WebSocket, its own {@code listen}), named to the launcher by its
 * jar alone and run by 2 sticky workers sharing its port: requests reach both workers, a session
 * stays with its worker, a reload under load fails no request, and a stop drains (the request
 * in flight is answered with {@code Connection: close}, the WebSocket gets 1001).
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainWebAppIT {

  private static final Path FAT_JAR = Clusters.EXAMPLES_JAR.resolveSibling("plain-web-app.jar");
  private static final int PORT = SharedListenIT.freePort();

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      // no class name: the launcher takes the jar's Main-Verticle, as java -jar would
      .commandLine("-workers", "2", "-host", "127.0.0.1", "-port", "0", "-grace", "10",
          "-sticky", "-conf", new JsonObject().put("http.port", PORT)
              .put("http.host", "127.0.0.1").encode(), "-cp", FAT_JAR.toString())
      .extension();
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = KIT.cluster();
    cluster.awaitReady();
  }

  @Test
  @Order(1)
  void requestsFromManyClientsReachBothWorkers() throws IOException {
    Set<Long> pids = new HashSet<>();
    for (int i = 1; i <= 40; i++) {
      pids.add(RawHttp.get("127.0.0." + i, PORT, "/", 20_000).pid());
    }
    assertThat(pids).as("workers that answered 40 clients").hasSize(2);
  }

  @Test
  @Order(2)
  void aSessionStaysWithItsWorker() throws IOException {
    try (KeepAliveConnection connection = new KeepAliveConnection(PORT)) {
      RawHttp.Response first = connection.get("/visits");
      String cookie = first.headers().get("set-cookie").split(";")[0];
      long pid = first.pid();
      for (int visit = 2; visit <= 5; visit++) {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
          socket.setSoTimeout(20_000);
          socket.getOutputStream().write(("GET /visits HTTP/1.1\r\nHost: x\r\nCookie: " + cookie
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          JsonObject seen = RawHttp.parse(socket.getInputStream().readAllBytes()).json();
          assertThat(seen.getInteger("visits")).as("visit %d of the session", visit)
              .isEqualTo(visit);
          assertThat(seen.getLong("pid")).as("worker of the session").isEqualTo(pid);
        }
      }
    }
  }

  @Test
  @Order(3)
  void theWebSocketEchoes() throws IOException {
    try (Socket socket = webSocket()) {
      sendText(socket, "hello over the shared port");
      assertThat(readFrame(socket)).isEqualTo(new Frame(1, "hello over the shared port"));
    }
  }

  @Test
  @Order(4)
  void reloadUnderLoadFailsNoRequest() throws Exception {
    // the slots' workers only: the launcher's spare is among the live JVMs and takes a slot
    Set<Long> before = new HashSet<>();
    cluster.workers().forEach(w -> before.add(w.pid()));
    LoadGenerator load = new LoadGenerator(PORT, 16, 40, Duration.ofSeconds(150));
    load.around(300, cluster::reload);
    Set<Long> after = new HashSet<>();
    cluster.workers().forEach(w -> after.add(w.pid()));
    assertThat(after).as("every slot has a new pid").hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.failures()).as("failed requests during the reload").isEmpty();
    // one client address: -sticky pins the whole load to one slot, old worker then new
    assertThat(load.pids()).as("a new worker answered").containsAnyElementsOf(after);
    assertThat(load.ok()).isGreaterThan(300);
  }

  @Test
  @Order(5)
  void stopAnswersTheRequestInFlightAndClosesTheWebSocketWith1001() throws Exception {
    KeepAliveConnection connection = new KeepAliveConnection(PORT);
    assertThat(connection.get("/").status()).isEqualTo(200);
    Socket webSocket = webSocket();
    connection.send("/slow?ms=2000");
    cluster.signal("TERM");
    CompletableFuture<RawHttp.Response> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return connection.read();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Frame close = readFrame(webSocket);
    assertThat(close.opcode()).as("a close frame").isEqualTo(8);
    assertThat(close.code()).as("close code").isEqualTo(1001);
    RawHttp.Response response = slow.get(30, TimeUnit.SECONDS);
    assertThat(response.status()).as("the slow request answered during the drain")
        .isEqualTo(200);
    assertThat(response.headers()).containsEntry("connection", "close");
    assertThat(connection.closedByServer()).as("closed after the response").isTrue();
    connection.close();
    webSocket.close();
    assertThat(cluster.awaitExit(Duration.ofSeconds(40))).as("launcher exit code").isZero();
    assertThat(cluster.liveWorkerPids()).isEmpty();
  }

  /** A WebSocket frame as read: its opcode and its payload as text. */
  private record Frame(int opcode, String text) {
    int code() {
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    }
  }

  private static Socket webSocket() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), PORT), 5_000);
    socket.setSoTimeout(20_000);
    socket.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = socket.getInputStream().read();
      assertThat(b).as("the upgrade's answer ends after %s", head).isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return socket;
  }

  private static void sendText(Socket socket, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    OutputStream out = socket.getOutputStream();
    out.write(0x81);
    out.write(0x80 | payload.length);
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }

  private static Frame readFrame(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int first = in.readUnsignedByte();
    int length = in.readUnsignedByte() & 0x7f;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(first & 0x0f, new String(payload, StandardCharsets.ISO_8859_1));
  }
}
