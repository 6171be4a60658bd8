package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.OwnServersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hand-off failover on a port a plain verticle shares by its own {@code listen(port)} (not
 * {@code -port}: that port has a hand-off socket of its own per worker): sockets the launcher
 * handed to a worker that never took them (the worker stopped with SIGSTOP, then killed) are
 * given to the other worker, so each of those clients is answered instead of cut.
 */
@Timeout(180)
class SharedListenFailoverIT {

  private static final int PORT = SharedListenIT.freePort();
  private static final int CLIENTS = 6;

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2).withoutPort()
      .option("-host", "127.0.0.1").option("-grace", "2")
      // the stopped worker must stay routed to until it is killed
      .option("-heartbeat-timeout", "60")
      .option("-conf", new JsonObject().put("host", "127.0.0.1").put("port", PORT).encode())
      .classpath(Clusters.TEST_CLASSES).verticle(OwnServersVerticle.class).extension();

  @Test
  void socketsAWorkerNeverTookGoToTheOtherWorkerWhenItDies() throws Exception {
    TestCluster launcher = KIT.cluster().awaitReady();
    long doomed = launcher.worker(0).pid();
    long survivor = launcher.worker(1).pid();
    // both workers take connections on the shared port
    Set<Long> warmed = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      warmed.add(RawHttp.get(PORT, "/", 10_000).pid());
    }
    assertThat(warmed).as("workers answering before the fault").containsOnly(doomed, survivor);
    List<Socket> clients = new ArrayList<>();
    List<CompletableFuture<RawHttp.Response>> answers = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(CLIENTS);
    boolean killed = false;
    TestCluster.signal(doomed, "STOP");
    try {
      for (int i = 0; i < CLIENTS; i++) {
        Socket client = new Socket();
        clients.add(client);
        client.connect(new InetSocketAddress("127.0.0.1", PORT), 5_000);
        client.setSoTimeout(30_000);
        client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        answers.add(CompletableFuture.supplyAsync(() -> read(client), readers));
      }
      // the surviving worker answers its share; the rest sit unreported in the stopped worker's
      // hand-off socket, held by the launcher
      JsonObject held = launcher.awaitStatus(status -> {
        long answered = answers.stream().filter(CompletableFuture::isDone).count();
        int open = openOnPort(status);
        return open >= 1 && answered + open == CLIENTS;
      }, Duration.ofSeconds(30));
      int stuck = openOnPort(held);
      TestCluster.signal(doomed, "KILL");
      killed = true;
      for (int i = 0; i < CLIENTS; i++) {
        RawHttp.Response response = answers.get(i).get(30, TimeUnit.SECONDS);
        assertThat(response).as("client %d answered (%d were held for the stopped worker)", i,
            stuck).isNotNull();
        assertThat(response.status()).as("client %d: %s", i, response).isEqualTo(200);
        assertThat(response.pid()).as("client %d served by the surviving worker", i)
            .isEqualTo(survivor);
      }
    } finally {
      if (!killed) {
        TestCluster.signal(doomed, "KILL");
      }
      for (Socket client : clients) {
        client.close();
      }
      readers.shutdownNow();
    }
    assertThat(launcher.output()).as("the launcher's account of the failover")
        .containsPattern("slot 0 gen 1 - hand-off link closed with (\\d+) sockets unreported: "
            + "\\1 given to another worker, 0 closed");
  }

  /** @return the answer read from client, or null when it ended without one */
  private static RawHttp.Response read(Socket client) {
    try {
      return RawHttp.parse(client.getInputStream().readAllBytes());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The connections the launcher holds on the shared port: handed off and unreported, or open. */
  private static int openOnPort(JsonObject status) {
    JsonArray ports = status.getJsonArray("sharedPorts");
    for (int i = 0; ports != null && i < ports.size(); i++) {
      JsonObject port = ports.getJsonObject(i);
      if (port.getInteger("port") == PORT) {
        return port.getInteger("open");
      }
    }
    return -1;
  }
}
