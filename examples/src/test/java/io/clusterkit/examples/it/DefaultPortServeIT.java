package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code -port} not given is opened on the first {@code serve()}, not at boot: the hello
 * cluster (which serves with {@code serve()}) is served on it all the same, and when that port is
 * taken, the cluster stops as for a shared port the launcher cannot open (one line naming the
 * port and the worker, exit 6). An application's own listen on that default port (the Vert.x
 * examples' hello world on 8080) opens it too, as the port of {@code serve()}. The test kit
 * moves the default port off the machine's 8080.
 */
@Timeout(180)
class DefaultPortServeIT {

  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  @Test
  void firstServeOpensTheDefaultPortAndBothWorkersServeIt() throws IOException {
    int port = SharedListenIT.freePort();
    TestCluster cluster = start(port);
    cluster.awaitReady();
    assertThat(cluster.output()).as("the boot line")
        .contains("port " + port + " opens on the first serve()")
        .containsPattern("(?m)^ClusterKit ready: 2 workers serving on port " + port + "$");
    JsonObject status = cluster.status();
    assertThat(status.getBoolean("portOpen")).as("portOpen in %s", status).isTrue();
    assertThat(status.getInteger("port")).isEqualTo(port);
    assertThat(DefaultPortIT.listeningPorts(cluster.pid())).contains(port);
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 30 && pids.size() < 2; i++) {
      pids.add(RawHttp.get(port, "/").pid());
    }
    assertThat(pids).as("worker pids over up to 30 connections").hasSize(2);
  }

  @Test
  void applicationListeningItselfOnTheDefaultPortIsServedAsServeWouldBe() throws IOException {
    // the Vert.x examples' hello world: its own listen(8080), no -port (8080 moved to port)
    int port = SharedListenIT.freePort();
    TestCluster cluster = ClusterKit.cluster().workers(2).withoutPort(port)
        .option("-host", "127.0.0.1").option("-grace", "2")
        .option("-conf", new JsonObject().put("host", "127.0.0.1").put("port", port).encode())
        .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).start();
    started.add(cluster);
    cluster.awaitReady();
    JsonObject status = cluster.status();
    assertThat(status.getInteger("port")).as("port of serve() in %s", status).isEqualTo(port);
    assertThat(status.getJsonArray("sharedPorts")).as("no port of its own beside it").isEmpty();
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 30 && pids.size() < 2; i++) {
      JsonObject seen = RawHttp.get(port, "/").json();
      assertThat(seen.getInteger("localPort")).isEqualTo(port);
      pids.add(seen.getLong("pid"));
    }
    assertThat(pids).as("worker pids over up to 30 connections").hasSize(2);
  }

  @Test
  void defaultPortTakenStopsTheClusterNamingPortAndWorker() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      TestCluster cluster = start(port);
      assertThat(cluster.awaitExit(Duration.ofSeconds(120))).as("exit code").isEqualTo(6);
      List<String> errors = cluster.stderrLines();
      List<String> own = errors.stream().filter(l -> l.startsWith("launcher: ")).toList();
      assertThat(own).as("the launcher's own stderr lines (all stderr: %s)", errors).hasSize(1);
      assertThat(own.get(0)).contains("127.0.0.1:" + port).contains("already in use")
          .containsPattern("slot [01] gen 1 serves on");
      assertThat(errors).as("no stack trace on stderr")
          .noneMatch(l -> l.contains("\tat ") || l.contains("Exception in thread"));
      assertThat(cluster.liveWorkerPids()).isEmpty();
    }
  }

  private TestCluster start(int defaultPort) {
    TestCluster cluster = Clusters.hello(2).withoutPort(defaultPort)
        .option("-host", "127.0.0.1").option("-grace", "2").start();
    started.add(cluster);
    return cluster;
  }
}
