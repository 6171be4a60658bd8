package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code -balance ip-hash} with three real workers: 39 clients, each on its own 127.0.0.x
 * address, stay on one worker; when a worker dies only its clients move, and they come back to
 * its slot once the replacement is READY.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StickyIpHashIT {

  private static final List<String> CLIENTS = IntStream.rangeClosed(2, 40)
      .mapToObj(i -> "127.0.0." + i).toList();
  private static final int REQUESTS_PER_CLIENT = 20;

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(3).option("-balance", "ip-hash")
      .extension();
  private static TestCluster launcher;
  private static int port;
  private static final Map<String, Integer> slotOf = new HashMap<>();

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  private static int slotFor(String client) {
    try {
      RawHttp.Response response = RawHttp.get(client, port, "/", 10_000);
      assertThat(response.status()).as("status for client %s", client).isEqualTo(200);
      return response.worker();
    } catch (IOException e) {
      throw new AssertionError("request from client " + client + " failed", e);
    }
  }

  @Test
  @Order(1)
  void eachClientSeesOneWorkerAndTheClientsCoverEveryWorker() {
    for (String client : CLIENTS) {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
        seen.add(slotFor(client));
      }
      assertThat(seen).as("workers seen by client %s over %d fresh connections", client,
          REQUESTS_PER_CLIENT).hasSize(1);
      slotOf.put(client, seen.iterator().next());
    }
    assertThat(new HashSet<>(slotOf.values())).as("slots covered by %s", slotOf)
        .containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  @Order(2)
  void killedWorkersClientsMoveAloneAndComeBackToItsReplacement() throws Exception {
    assertThat(slotOf).as("the first test recorded each client's slot").hasSize(CLIENTS.size());
    long victim = Await.until(Duration.ofSeconds(10), () -> {
      try {
        RawHttp.Response r = RawHttp.get(CLIENTS.stream()
            .filter(c -> slotOf.get(c) == 1).findFirst().orElseThrow(), port, "/", 10_000);
        return r.worker() == 1 ? r.pid() : -1L;
      } catch (IOException e) {
        return -1L;
      }
    }, pid -> pid > 0, () -> "the pid of slot 1");
    TestCluster.signal(victim, "KILL");
    launcher.awaitWorker(1, w -> w.pid() != victim, Duration.ofSeconds(20));

    Map<String, Integer> whileDown = new HashMap<>();
    for (String client : CLIENTS) {
      whileDown.put(client, slotFor(client));
    }
    for (String client : CLIENTS) {
      if (slotOf.get(client) == 1) {
        assertThat(whileDown.get(client)).as("client %s of the dead slot moved", client)
            .isIn(0, 2);
      } else {
        assertThat(whileDown.get(client)).as("client %s of a live slot stayed", client)
            .isEqualTo(slotOf.get(client));
      }
    }

    launcher.awaitWorker(1, w -> w.gen() == 2 && w.ready(), Duration.ofSeconds(60));
    for (String client : CLIENTS) {
      assertThat(slotFor(client)).as("client %s after the replacement is READY", client)
          .isEqualTo(slotOf.get(client));
    }
  }
}
