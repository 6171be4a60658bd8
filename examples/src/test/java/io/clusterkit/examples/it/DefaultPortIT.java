package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application that only listens by itself needs no {@code -port}: without it, the launcher
 * never opens the default port of {@code serve()} (8080, which another process may hold), only
 * the ports the workers' own servers ask for; status, the ready line and the router's metrics
 * (one series per open port, by its {@code port} label) say so, and a crashed worker's
 * replacement serves the application's port again. The launcher's listening sockets are read
 * from {@code /proc}, so the test never touches the real 8080.
 */
@Timeout(180)
class DefaultPortIT {

  private static final int OWN = SharedListenIT.freePort();
  private static final int OWN2 = SharedListenIT.freePort();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2).withoutPort()
      .option("-host", "127.0.0.1").option("-grace", "2").option("-metrics", "0")
      .option("-conf", new JsonObject().put("host", "127.0.0.1").put("port", OWN)
          .put("port2", OWN2).encode())
      .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).extension();
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = KIT.cluster();
  }

  @Test
  void launcherNeverListensOnTheDefaultPortButOnTheApplicationsOwn() {
    Set<Integer> listening = listeningPorts(cluster.pid());
    assertThat(listening).as("ports the launcher listens on").contains(OWN, OWN2)
        .doesNotContain(LauncherOptions.DEFAULT_PORT);
  }

  @Test
  void statusSaysThePortOfServeIsNotOpen() {
    JsonObject status = cluster.status();
    assertThat(status.getBoolean("portOpen")).as("portOpen in %s", status).isFalse();
    assertThat(status.getInteger("port")).as("port").isZero();
    assertThat(status.getInteger("portWanted")).isEqualTo(LauncherOptions.DEFAULT_PORT);
    assertThat(status.getJsonArray("sharedPorts").stream()
        .map(p -> ((JsonObject) p).getInteger("port")).toList())
        .containsExactly(Math.min(OWN, OWN2), Math.max(OWN, OWN2));
  }

  @Test
  void readyLineNamesThePortActuallyServed() {
    assertThat(cluster.output())
        .contains("port " + LauncherOptions.DEFAULT_PORT + " opens on the first serve()")
        .containsPattern("(?m)^ClusterKit ready: 2 workers serving on port "
            + Math.min(OWN, OWN2) + ", port " + Math.max(OWN, OWN2) + "$")
        .doesNotContain("ClusterKit listening on");
  }

  @Test
  void ownPortReachesBothWorkers() throws IOException {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 30 && pids.size() < 2; i++) {
      JsonObject seen = RawHttp.get(OWN, "/").json();
      assertThat(seen.getInteger("localPort")).isEqualTo(OWN);
      pids.add(seen.getLong("pid"));
    }
    assertThat(pids).as("worker pids over up to 30 connections").hasSize(2);
  }

  @Test
  void routerSeriesCarryEachOpenPortAsALabel() throws Exception {
    int before = accepted(scrape(), OWN2);
    for (int i = 0; i < 6; i++) {
      assertThat(RawHttp.get(OWN2, "/").json().getInteger("localPort")).isEqualTo(OWN2);
    }
    String metrics = scrape();
    assertThat(accepted(metrics, OWN2)).as("accepted on %s, was %s before", OWN2, before)
        .isGreaterThanOrEqualTo(before + 6);
    assertThat(metrics).as("routed by slot on %s", OWN2)
        .containsPattern("clusterkit_router_connections_routed_total\\{port=\"" + OWN2
            + "\",slot=\"[01]\",?\\} [1-9]")
        .contains("clusterkit_router_connections_open{port=\"" + OWN + "\"")
        .doesNotContain("port=\"" + LauncherOptions.DEFAULT_PORT + "\"");
  }

  @Test
  void replacementOfACrashedWorkerServesTheOwnPortAgain() {
    long old = cluster.worker(1).pid();
    TestCluster.signal(old, "KILL");
    WorkerStatus back = cluster.awaitWorker(1, w -> w.ready() && w.pid() != old,
        Duration.ofSeconds(120));
    Set<Long> pids = new HashSet<>();
    Await.until(Duration.ofSeconds(60), () -> {
      try {
        pids.add(RawHttp.get(OWN, "/", 5_000).pid());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return pids;
    }, seen -> seen.contains(back.pid()), "the replacement pid " + back.pid() + " answering");
    assertThat(pids).as("pids answering after the kill").doesNotContain(old);
    cluster.awaitReady();
  }

  private static String scrape() throws Exception {
    int port = cluster.status().getJsonObject("metrics").getInteger("port");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("/metrics status").isEqualTo(200);
    return response.body();
  }

  /** @return clusterkit_router_connections_accepted_total of one port, 0 when absent */
  private static int accepted(String metrics, int port) {
    Matcher value = Pattern.compile("(?m)^clusterkit_router_connections_accepted_total\\{port=\""
        + port + "\",?\\} ([0-9.eE+]+)$").matcher(metrics);
    return value.find() ? (int) Double.parseDouble(value.group(1)) : 0;
  }

  /**
   * The TCP ports a process holds a listening socket on: its socket inodes (/proc/PID/fd)
   * matched with the LISTEN rows of /proc/net/tcp and tcp6.
   */
  static Set<Integer> listeningPorts(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed while listed
        }
      }
      Set<Integer> ports = new HashSet<>();
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        List<String> rows = Files.readAllLines(Path.of(table));
        for (String row : rows.subList(1, rows.size())) {
          String[] cols = row.trim().split("\\s+");
          // cols: sl local rem st ... uid timeout inode; st 0A is LISTEN
          if (cols.length > 9 && "0A".equals(cols[3]) && inodes.contains(cols[9])) {
            String local = cols[1];
            ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
          }
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
