package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.HostsVerticle;
import io.clusterkit.examples.it.support.NetnsHosts;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two hosts, one behind a real 1:1 NAT (iptables DNAT and SNAT in a router namespace): the
 * NAT'd host's launcher binds its private address ({@code -cluster-host}) and advertises its
 * public one ({@code -cluster-public-host}); the other host knows it only by that public
 * address. Across the NAT the two join one cluster, share state, broadcast and ask each other;
 * and a launcher on the NAT'd host without {@code -cluster-public-host} is not let half in.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicHostNatIT {

  @RegisterExtension
  static final NetnsHosts HOSTS = new NetnsHosts(2).behindNat(2);

  private static final int PORT = 8080;
  private static final String CLUSTER = "nat-" + UUID.randomUUID().toString().substring(0, 8);
  private static final TestCluster[] launchers = new TestCluster[2];

  @BeforeAll
  static void startHosts() {
    launchers[0] = host(1).start();
    launchers[1] = host(2).option("-cluster-public-host", HOSTS.address(2)).start();
    for (TestCluster launcher : launchers) {
      launcher.awaitReady(Duration.ofSeconds(180));
    }
  }

  @AfterAll
  static void stopHosts() {
    for (TestCluster launcher : launchers) {
      if (launcher != null) {
        launcher.close();
      }
    }
  }

  /** Host i's launcher, 2 workers; every launcher lists only the public addresses. */
  private static ClusterKit host(int i) {
    return HOSTS.launcher(i).workers(2).verticle(HostsVerticle.class)
        .option("-port", Integer.toString(PORT)).option("-name", "n" + i)
        .option("-cluster-name", CLUSTER).option("-members", HOSTS.members())
        .option("-worker-opts", "-Xmx96m").launcherHeap("160m");
  }

  private static JsonObject call(int host, String method, String path) {
    return HOSTS.callOk(host, PORT, method, path);
  }

  @Test
  @Order(1)
  void bothHostsJoinOneClusterAcrossTheNatAndStatusShowsEveryWorker() {
    for (TestCluster launcher : launchers) {
      Await.until(Duration.ofSeconds(90), () -> launcher.status().getJsonObject("cluster"),
          cluster -> cluster.getJsonArray("hosts").size() == 2
              && cluster.getJsonArray("hosts").stream().map(JsonObject.class::cast)
              .allMatch(h -> h.getJsonArray("workers").size() == 2),
          "launcher " + launcher.name() + " to see both hosts with 2 workers each");
    }
    for (TestCluster launcher : launchers) {
      JsonArray hosts = launcher.status().getJsonObject("cluster").getJsonArray("hosts");
      for (int i = 1; i <= 2; i++) {
        String name = "n" + i;
        JsonObject host = hosts.stream().map(JsonObject.class::cast)
            .filter(h -> name.equals(h.getString("host"))).findFirst().orElseThrow();
        assertThat(host.getString("address")).as("%s as %s sees it", name, launcher.name())
            .isEqualTo(HOSTS.address(i));
        assertThat(host.getJsonArray("workers").stream().map(JsonObject.class::cast)
            .map(w -> w.getLong("pid")))
            .containsExactlyInAnyOrderElementsOf(launchers[i - 1].workers().stream()
                .map(WorkerStatus::pid).toList());
      }
    }
    assertThat(HOSTS.privateAddress(2)).isNotEqualTo(HOSTS.address(2));
  }

  @Test
  @Order(2)
  void aMapEntryAndACounterWrittenOnOneSideAreReadOnTheOther() {
    String key = "k-" + UUID.randomUUID();
    call(1, "POST", "/put?k=" + key + "&v=from-n1");
    assertThat(call(2, "GET", "/get?k=" + key).getString("value")).isEqualTo("from-n1");
    call(2, "POST", "/put?k=" + key + "-back&v=from-n2");
    assertThat(call(1, "GET", "/get?k=" + key + "-back").getString("value"))
        .isEqualTo("from-n2");
    String counter = "c-" + UUID.randomUUID();
    for (int i = 0; i < 10; i++) {
      call(1 + i % 2, "POST", "/incr?name=" + counter + "&n=10");
    }
    assertThat(call(1, "GET", "/count?name=" + counter).getLong("value")).isEqualTo(100L);
    assertThat(call(2, "GET", "/count?name=" + counter).getLong("value")).isEqualTo(100L);
  }

  @Test
  @Order(3)
  void aBroadcastFromEitherSideReachesTheWorkersOfBothHostsOnce() {
    for (int from = 1; from <= 2; from++) {
      String tag = "b-" + from + "-" + UUID.randomUUID();
      JsonObject sender = call(from, "POST", "/broadcast?tag=" + tag);
      for (int host = 1; host <= 2; host++) {
        awaitBroadcastAtBothWorkers(host, tag, "n" + from, sender.getInteger("worker"));
      }
    }
  }

  private static void awaitBroadcastAtBothWorkers(int host, String tag, String fromHost,
      int fromWorker) {
    Set<Integer> checked = new HashSet<>();
    // round-robin: successive requests reach both workers of the host
    Await.until(Duration.ofSeconds(30), () -> {
      JsonObject seen = call(host, "GET", "/received");
      long copies = seen.getJsonArray("received").stream().map(JsonObject.class::cast)
          .filter(r -> tag.equals(r.getString("tag"))).count();
      assertThat(copies).as("copies of %s at host %d worker %d", tag, host,
          seen.getInteger("worker")).isLessThanOrEqualTo(1);
      if (copies == 1) {
        JsonObject copy = seen.getJsonArray("received").stream().map(JsonObject.class::cast)
            .filter(r -> tag.equals(r.getString("tag"))).findFirst().orElseThrow();
        assertThat(copy.getString("fromHost")).isEqualTo(fromHost);
        assertThat(copy.getInteger("from")).isEqualTo(fromWorker);
        checked.add(seen.getInteger("worker"));
      }
      return checked;
    }, all -> all.size() == 2, "both workers of host " + host + " to have " + tag + " once");
  }

  @Test
  @Order(4)
  void requestReplyCrossesTheNatBothWays() {
    for (int from = 1; from <= 2; from++) {
      int to = 3 - from;
      for (int slot = 0; slot < 2; slot++) {
        JsonObject answer = call(from, "GET", "/ask?host=n" + to + "&slot=" + slot);
        assertThat(answer.getJsonObject("reply")).as("n%d asks n%d slot %d: %s", from, to,
            slot, answer).isNotNull();
        assertThat(answer.getJsonObject("reply").getString("host")).isEqualTo("n" + to);
        assertThat(answer.getJsonObject("reply").getInteger("worker")).isEqualTo(slot);
      }
    }
  }

  @Test
  @Order(5)
  void withoutThePublicHostTheNattedLauncherStopsWithAClearErrorAndTheOthersServeOn() {
    // its private address is what it advertises, and no other host has a route to it: Hazelcast
    // alone would let it in over the connections it opens itself, its workers' event-bus
    // addresses unreachable from the other host
    try (TestCluster hidden = HOSTS.launcher(2).workers(1).verticle(HostsVerticle.class)
        .option("-port", "0").option("-name", "hidden").option("-cluster-name", CLUSTER)
        .option("-members", HOSTS.address(1)).option("-worker-opts", "-Xmx96m")
        .launcherHeap("128m").start()) {
      assertThat(hidden.awaitExit(Duration.ofSeconds(30))).isEqualTo(6);
      assertThat(hidden.stderrLines()).anySatisfy(line -> assertThat(line)
          .contains("the launchers at [" + HOSTS.address(1) + ":5701 (")
          .contains("cannot reach this host at " + HOSTS.privateAddress(2) + ":")
          .contains("give -cluster-public-host the address the other hosts reach this one at"));
      assertThat(hidden.lines()).as("no worker starts before the join is checked")
          .noneMatch(line -> line.contains("spawned"));
    }
    Await.until(Duration.ofSeconds(30), () -> launchers[0].status().getJsonObject("cluster")
        .getJsonArray("hosts").stream().map(JsonObject.class::cast)
        .map(h -> h.getString("host")).sorted().toList(),
        hosts -> hosts.equals(List.of("n1", "n2")), "n1 to list n1 and n2 only");
    String key = "after-" + UUID.randomUUID();
    call(2, "POST", "/put?k=" + key + "&v=still");
    assertThat(call(1, "GET", "/get?k=" + key).getString("value")).isEqualTo("still");
    JsonObject answer = call(1, "GET", "/ask?host=n2&slot=0");
    assertThat(answer.getJsonObject("reply")).as("n2 still answers n1: %s", answer).isNotNull();
  }
}
