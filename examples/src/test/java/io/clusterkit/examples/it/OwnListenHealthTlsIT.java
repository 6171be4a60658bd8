package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnHealthVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.TrustAll;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.ProxyHeaders;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code -health} on a plain verticle whose own server speaks TLS ({@link OwnHealthVerticle}
 * with a self-signed certificate) and listens on the launcher's {@code -port}, behind
 * {@code -proxy-protocol}: the launcher's checks speak TLS to each worker's own server (trusting
 * any certificate) without a PROXY header, while clients' connections keep theirs. A worker is
 * routed to only once such a check passed, and one whose check fails is replaced.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnListenHealthTlsIT {

  private static final int PORT = SharedListenIT.freePort();
  private static final long WARMUP_MS = 2_000;

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      .option("-host", "127.0.0.1").option("-port", Integer.toString(PORT))
      .option("-grace", "2").flag("-proxy-protocol")
      .option("-conf", new JsonObject().put("port", PORT).put("tls", true)
          .put("warmupMs", WARMUP_MS).encode())
      .option("-health", "/healthz").option("-health-interval", "0.5")
      .option("-health-failures", "2")
      .classpath(Clusters.TEST_CLASSES).verticle(OwnHealthVerticle.class).extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  @Test
  @Order(1)
  void checksSpeakTlsToEachWorkersOwnServerAndAdmitItOnlyOnceItAnswers() throws Exception {
    for (int slot = 0; slot < 2; slot++) {
      int s = slot;
      JsonObject health = launcher.awaitWorker(slot, w -> w.gen() == 1 && w.ready(),
          Duration.ofSeconds(90)).health();
      assertThat(health.getLong("admittedAfterMs")).as("slot %d held while warming up: %s",
          s, health).isGreaterThanOrEqualTo(WARMUP_MS - 100);
      assertThat(health.getString("refusedWith")).as("%s", health).startsWith("503");
      assertThat(health.getBoolean("probeTls")).as("%s", health).isTrue();
    }
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      RawHttp.Response response = httpsGet("/", "203.0.113." + (i + 1));
      assertThat(response.status()).as("answer %d: %s", i, response).isEqualTo(200);
      JsonObject seen = response.json();
      assertThat(seen.getBoolean("ssl")).isTrue();
      assertThat(seen.getString("remoteHost")).as("the client the PROXY header named")
          .isEqualTo("203.0.113." + (i + 1));
      pids.add(seen.getLong("pid"));
    }
    assertThat(pids).as("workers answering over TLS").hasSize(2);
  }

  @Test
  @Order(2)
  void workerWhoseCheckOverTlsFailsIsReplaced() throws Exception {
    RawHttp.Response sick = httpsGet("/sick", "198.51.100.9");
    assertThat(sick.status()).as("%s", sick).isEqualTo(200);
    int slot = sick.worker();
    long victim = sick.pid();
    launcher.awaitWorker(slot, w -> w.gen() == 2 && w.ready(), Duration.ofSeconds(90));
    JsonObject exit = launcher.awaitWorker(slot, w -> w.lastExit() != null
        && w.lastExit().getLong("pid") == victim, Duration.ofSeconds(10)).lastExit();
    assertThat(exit.getString("reason")).as("why it was replaced: %s", exit)
        .isEqualTo("health check GET /healthz failed 2 times: 503");
    assertThat(launcher.worker(1 - slot).gen()).as("the other slot untouched").isEqualTo(1);
  }

  /** GET path over TLS on a connection whose PROXY header names client. */
  private static RawHttp.Response httpsGet(String path, String client) throws Exception {
    SSLContext trustAll = TrustAll.context();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", PORT), 5_000);
      plain.setSoTimeout(20_000);
      plain.getOutputStream().write(ProxyHeaders.v1(client, 40000, "127.0.0.1", PORT));
      try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory()
          .createSocket(plain, "127.0.0.1", PORT, true)) {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return RawHttp.parse(socket.getInputStream().readAllBytes());
      }
    }
  }
}
