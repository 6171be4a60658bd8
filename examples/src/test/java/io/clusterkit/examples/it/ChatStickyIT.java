package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.chat.ChatVerticle;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SockJS chat example over XHR polling (every poll a new HTTP request): with ip-hash a
 * client's session works and a line reaches a client of another worker; with round-robin the
 * session breaks, because SockJS sessions live in one worker's memory.
 */
@Timeout(240)
class ChatStickyIT {

  @RegisterExtension
  static final ClusterKitExtension STICKY = chat().flag("-sticky").extension();
  @RegisterExtension
  static final ClusterKitExtension ROUND_ROBIN = chat().option("-balance", "round-robin")
      .extension();
  private static int stickyPort;
  private static int roundRobinPort;

  @BeforeAll
  static void portsOfBothClusters() {
    stickyPort = STICKY.cluster().port();
    roundRobinPort = ROUND_ROBIN.cluster().port();
  }

  private static ClusterKit chat() {
    return ClusterKit.cluster().workers(2).verticle(ChatVerticle.class);
  }

  /** One SockJS XHR-polling client: every call is a fresh connection from its own address. */
  private record XhrClient(String address, int port, String session) {
    XhrClient(String address, int port) {
      this(address, port, UUID.randomUUID().toString().substring(0, 8));
    }

    RawHttp.Response post(String transport, String body) throws IOException {
      return RawHttp.request(address, port, "POST", "/chat/000/" + session + "/" + transport,
          "Content-Type: text/plain\r\n", body, 20_000);
    }

    int worker() throws IOException {
      return RawHttp.get(address, port, "/whoami", 10_000).worker();
    }
  }

  @Test
  void withIpHashALineReachesAClientOfAnotherWorker() throws IOException {
    XhrClient alice = new XhrClient("127.0.0.2", stickyPort);
    XhrClient bob = null;
    for (int i = 3; i < 60 && bob == null; i++) {
      XhrClient candidate = new XhrClient("127.0.0." + i, stickyPort);
      if (candidate.worker() != alice.worker()) {
        bob = candidate;
      }
    }
    assertThat(bob).as("a client address that ip-hash sends to the other worker").isNotNull();

    assertThat(alice.post("xhr", "").body()).as("alice's open frame").isEqualTo("o\n");
    assertThat(bob.post("xhr", "").body()).as("bob's open frame").isEqualTo("o\n");
    assertThat(bob.post("xhr_send", "[\"hello from bob\"]").status()).isEqualTo(204);
    RawHttp.Response received = alice.post("xhr", "");
    assertThat(received.status()).isEqualTo(200);
    assertThat(received.body()).as("what alice receives")
        .contains("worker " + bob.worker() + ": hello from bob");
  }

  @Test
  void withRoundRobinTheSessionBreaksOnTheOtherWorker() throws IOException {
    XhrClient carol = new XhrClient("127.0.0.2", roundRobinPort);
    assertThat(carol.post("xhr", "").body()).isEqualTo("o\n");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(carol.post("xhr_send", "[\"line " + i + "\"]").status());
    }
    assertThat(statuses).as("xhr_send statuses under round-robin").contains(404);
  }
}
