package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.HostsVerticle;
import io.clusterkit.examples.it.support.NetnsHosts;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts (network namespaces) whose launchers join through a Hazelcast configuration file of
 * the user's ({@code -hazelcast-config}, no {@code -members} nor {@code -cluster-name}), as the
 * README's Kubernetes and multicast recipes do: the file's cluster name and join section bring
 * them, and their workers, into one cluster that shares state and knows both hosts.
 */
@Timeout(300)
class HazelcastConfigFileIT {

  @RegisterExtension
  static final NetnsHosts HOSTS = new NetnsHosts(2);

  private static final int PORT = 8080;
  private static final String CLUSTER = "file-" + UUID.randomUUID().toString().substring(0, 8);
  private static final TestCluster[] launchers = new TestCluster[2];

  @TempDir
  static Path dir;

  @BeforeAll
  static void startHostsFromTheFile() throws IOException {
    Path file = dir.resolve("hazelcast.yaml");
    Files.writeString(file, String.join("\n",
        "hazelcast:",
        "  cluster-name: " + CLUSTER,
        "  network:",
        "    port:",
        "      port: 5701",
        "      auto-increment: true",
        "    join:",
        "      multicast:",
        "        enabled: false",
        "      tcp-ip:",
        "        enabled: true",
        "        member-list:",
        "          - " + HOSTS.address(1),
        "          - " + HOSTS.address(2),
        ""));
    for (int i = 1; i <= 2; i++) {
      launchers[i - 1] = HOSTS.launcher(i).workers(1).verticle(HostsVerticle.class)
          .option("-port", Integer.toString(PORT)).option("-name", "f" + i)
          .option("-hazelcast-config", file.toString())
          .option("-worker-opts", "-Xmx96m").launcherHeap("160m").start();
    }
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

  private static JsonObject call(int host, String method, String path) {
    return HOSTS.callOk(host, PORT, method, path);
  }

  @Test
  void launchersJoinedThroughTheFileShareStateAndKnowEachOthersHost() {
    for (TestCluster launcher : launchers) {
      JsonObject cluster = Await.until(Duration.ofSeconds(60),
          () -> launcher.status().getJsonObject("cluster"),
          c -> c.getJsonArray("hosts").size() == 2,
          "launcher " + launcher.name() + " to see both hosts");
      assertThat(cluster.getString("name")).as("the file's cluster name").isEqualTo(CLUSTER);
    }
    String key = "k-" + UUID.randomUUID();
    call(1, "POST", "/put?k=" + key + "&v=through-f1");
    assertThat(call(2, "GET", "/get?k=" + key).getString("value")).isEqualTo("through-f1");
    JsonObject answer = call(1, "GET", "/ask?host=f2&slot=0");
    assertThat(answer.getJsonObject("reply")).as("f2 answers f1: %s", answer).isNotNull();
    assertThat(answer.getJsonObject("reply").getString("host")).isEqualTo("f2");
  }
}
