package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared counter example: 10,000 hits from concurrent clients spread over two workers. The
 * cluster-wide counter reads exactly 10,000; each worker's in-memory count (the pitfall) saw
 * only its share, and the shares add up to 10,000.
 */
@Timeout(240)
class SharedCounterIT {

  private static final int CLIENTS = 8;
  private static final int HITS_PER_CLIENT = 1_250;

  private static LauncherProcess launcher;
  private static int port;

  @BeforeAll
  static void startCluster() throws IOException {
    launcher = LauncherProcess.cluster(2, LauncherProcess.EXAMPLES_JAR,
        "io.clusterkit.examples.counter.CounterVerticle");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
  }

  /** One keep-alive client (round-robin spreads the connections over the workers). */
  private static Integer hits() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      KeepAliveReader reader = new KeepAliveReader(socket);
      int worker = -1;
      for (int i = 0; i < HITS_PER_CLIENT; i++) {
        socket.getOutputStream().write(("POST /hit HTTP/1.1\r\nHost: x\r\nContent-Length: 0"
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response response = reader.read();
        assertThat(response.status()).as("hit %d", i).isEqualTo(200);
        worker = response.worker();
      }
      return worker;
    }
  }

  @Test
  void clusterCounterCountsEveryHitWhilePerWorkerCountsSeeOnlyTheirShare() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Integer>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(pool.submit(SharedCounterIT::hits));
    }
    for (Future<Integer> client : clients) {
      client.get(180, TimeUnit.SECONDS);
    }
    pool.shutdownNow();

    Map<Integer, JsonObject> byWorker = new HashMap<>();
    Poll.until(Duration.ofSeconds(20), () -> {
      try {
        JsonObject counts = RawHttp.get(port, "/counts").json();
        byWorker.put(counts.getInteger("worker"), counts);
      } catch (IOException e) {
        // retried until the deadline
      }
      return byWorker.size();
    }, n -> n == 2, () -> "the counts of both workers, got " + byWorker);

    long total = CLIENTS * HITS_PER_CLIENT;
    long local0 = byWorker.get(0).getLong("local");
    long local1 = byWorker.get(1).getLong("local");
    assertThat(byWorker.get(0).getLong("cluster")).as("cluster-wide counter").isEqualTo(total);
    assertThat(byWorker.get(1).getLong("cluster")).as("cluster-wide counter").isEqualTo(total);
    assertThat(local0).as("worker 0's in-memory count").isPositive().isLessThan(total);
    assertThat(local1).as("worker 1's in-memory count").isPositive().isLessThan(total);
    assertThat(local0 + local1).as("the in-memory counts together").isEqualTo(total);
  }
}
