package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Bystander;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.ProcessGauge;
import io.clusterkit.examples.it.support.RawClients;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster under abuse degrades and recovers. For each case: what the abusive client sees,
 * that a well-behaved client is served meanwhile within a bounded latency, that the launcher's
 * and the workers' descriptors and threads come back to their baseline, and that the cluster
 * serves normally afterwards. Short limits keep it brief: heads 3 s, silence 4 s, bodies 5 s.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseIT {

  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** The slowest answer a bystander may get while a case runs. */
  private static final Duration BOUNDED_LATENCY = Duration.ofSeconds(3);
  /** Descriptors or threads above the baseline still counted as back to it. */
  private static final int SLACK = 8;

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(2)
      .option("-header-timeout", "3s").option("-keepalive-timeout", "4s")
      .option("-request-timeout", "5s").option("-grace", "2").extension();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  /** @return the counts of the launcher and of every worker now */
  static List<ProcessGauge.Usage> usage() {
    List<ProcessGauge.Usage> all = new ArrayList<>();
    all.add(ProcessGauge.of(launcher.pid()));
    for (WorkerStatus worker : launcher.workers()) {
      all.add(ProcessGauge.of(worker.pid()));
    }
    return all;
  }

  /** Waits until every process of baseline is back within the slack of its counts. */
  static void assertBackToBaseline(List<ProcessGauge.Usage> baseline) {
    Await.until(Duration.ofSeconds(30), AbuseIT::usage, now -> baseline.stream().allMatch(
        base -> now.stream().anyMatch(u -> u.pid() == base.pid() && u.within(base, SLACK))),
        () -> "descriptors and threads back to within " + SLACK + " of " + baseline);
  }

  /** Every one of 20 new-connection GETs is answered, by every worker between them. */
  static void assertServesNormally() throws Exception {
    launcher.awaitReady();
    for (int i = 0; i < 20; i++) {
      assertThat(RawHttp.get(port, "/", 5_000).status()).isEqualTo(200);
    }
  }

  @Test
  @Order(1)
  void slowHeadsAreAnswered408AndClosedAtTheHeadTimeoutWhileOthersAreServed() throws Exception {
    List<ProcessGauge.Usage> baseline = usage();
    try (Bystander others = new Bystander(port, Duration.ofSeconds(60));
        RawClients slow = new RawClients(port, 300)) {
      slow.sendAll("GET / HTTP/1.1\r\nHost: abuse\r\n");

      slow.driveUntilAllClosed(Duration.ofSeconds(30), Duration.ofSeconds(1), "X-Drip: 1\r\n");
      others.close();

      assertThat(slow.closedCount()).as("slow heads closed").isEqualTo(300);
      for (RawClients.Client client : slow.clients()) {
        assertThat(client.read()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(client.closedAfter()).isBetween(HEAD_TIMEOUT.minusMillis(100),
            HEAD_TIMEOUT.plusSeconds(5));
      }
      assertThat(others.failures()).isEmpty();
      assertThat(others.ok()).isPositive();
      assertThat(others.slowest()).isLessThan(BOUNDED_LATENCY);
    }
    assertBackToBaseline(baseline);
    assertServesNormally();
  }
}
