package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.NoServerVerticle;
import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a worker's own listen cannot do, each said in one line: a port the launcher cannot open
 * stops the cluster as a bad {@code -port} does (exit 6), and a verticle that listens nowhere
 * fails the first boot (exit 4) instead of leaving READY workers that never answer, and so does
 * {@code -health} on a worker that shares only a raw {@code NetServer} (no HTTP to check).
 */
@Timeout(120)
class SharedListenFailuresIT {

  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  @Test
  void portTheLauncherCannotOpenStopsTheClusterNamingPortAndWorker() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      TestCluster launcher = launch(OwnServersVerticle.class,
          new JsonObject().put("host", "127.0.0.1").put("port", port));
      assertThat(launcher.awaitExit(Duration.ofSeconds(90))).as("exit code").isEqualTo(6);
      String line = oneClearLine(launcher);
      assertThat(line).contains("127.0.0.1:" + port).contains("port " + port)
          .contains("already in use").containsPattern("slot [01] gen 1");
      assertThat(launcher.liveWorkerPids()).isEmpty();
    }
  }

  @Test
  void verticleThatListensNowhereFailsTheFirstBoot() throws Exception {
    TestCluster launcher = launch(NoServerVerticle.class, new JsonObject());
    assertThat(launcher.awaitExit(Duration.ofSeconds(90))).as("exit code").isEqualTo(4);
    assertThat(oneClearLine(launcher))
        .contains("verticle " + NoServerVerticle.class.getName() + " deployed, but no server "
            + "of it takes connections");
    assertThat(launcher.output()).as("no retry after a first-boot failure")
        .doesNotContain("gen 2");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }

  @Test
  void healthCheckOfAnApplicationSharingOnlyARawNetServerFailsTheFirstBootSayingWhy()
      throws Exception {
    int port = SharedListenIT.freePort();
    TestCluster launcher = launch(OwnServersVerticle.class, new JsonObject()
        .put("host", "127.0.0.1").put("netPort", port), "-health", "/");
    assertThat(launcher.awaitExit(Duration.ofSeconds(90))).as("exit code").isEqualTo(4);
    assertThat(oneClearLine(launcher)).contains("-health checks an HTTP server, and verticle "
        + OwnServersVerticle.class.getName() + " shares only raw TCP servers (port " + port + ")");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }

  private TestCluster launch(Class<?> verticle, JsonObject conf, String... options) {
    ClusterKit kit = ClusterKit.cluster().workers(2)
        .option("-host", "127.0.0.1").option("-port", "0").option("-grace", "2")
        .option("-conf", conf.encode());
    for (int i = 0; i + 1 < options.length; i += 2) {
      kit.option(options[i], options[i + 1]);
    }
    TestCluster launcher = kit
        .classpath(Clusters.TEST_CLASSES).verticle(verticle).start();
    started.add(launcher);
    return launcher;
  }

  private static String oneClearLine(TestCluster launcher) {
    List<String> errors = launcher.stderrLines();
    List<String> own = errors.stream().filter(l -> l.startsWith("launcher: ")).toList();
    assertThat(own).as("the launcher's own stderr lines (all stderr: %s)", errors).hasSize(1);
    assertThat(errors).as("no stack trace on stderr")
        .noneMatch(l -> l.contains("\tat ") || l.contains("Exception in thread"));
    return own.get(0);
  }
}
