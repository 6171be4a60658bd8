package io.clusterkit.examples.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
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

/**
 * The load and the check behind the counter examples (any verticle with {@code POST /hit} and
 * {@code GET /counts} answering {@code worker}, {@code local} and {@code cluster}): concurrent
 * keep-alive clients spread by round-robin over the workers, then the counts of each worker.
 */
public final class CounterLoad {

  private CounterLoad() {
  }

  /** Sends clients x hitsPerClient hits, each client on its own keep-alive connection. */
  public static void hitConcurrently(int port, int clients, int hitsPerClient) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(pool.submit(() -> hits(port, hitsPerClient)));
      }
      for (Future<Void> client : running) {
        client.get(180, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void hits(int port, int count) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      KeepAliveConnection reader = new KeepAliveConnection(socket, port);
      for (int i = 0; i < count; i++) {
        socket.getOutputStream().write(("POST /hit HTTP/1.1\r\nHost: x\r\nContent-Length: 0"
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(reader.read().status()).as("hit %d", i).isEqualTo(200);
      }
    }
    return null;
  }

  /** Asks {@code GET /counts} on new connections until each of the workers has answered. */
  public static Map<Integer, JsonObject> countsOfEachWorker(int port, int workers) {
    Map<Integer, JsonObject> byWorker = new HashMap<>();
    Await.until(Duration.ofSeconds(20), () -> {
      try {
        JsonObject counts = RawHttp.get(port, "/counts").json();
        byWorker.put(counts.getInteger("worker"), counts);
      } catch (IOException e) {
        // retried until the deadline
      }
      return byWorker.size();
    }, n -> n == workers, () -> "the counts of " + workers + " workers, got " + byWorker);
    return byWorker;
  }

  /**
   * Asserts that every worker reads total on the cluster counter, and that each worker's
   * in-memory count saw a share of it, strictly between none and all, the shares adding up.
   */
  public static void assertExactTotalSplitOverWorkers(Map<Integer, JsonObject> byWorker, long total) {
    long sum = 0;
    for (Map.Entry<Integer, JsonObject> worker : byWorker.entrySet()) {
      long local = worker.getValue().getLong("local");
      assertThat(worker.getValue().getLong("cluster"))
          .as("cluster-wide counter read by worker %d", worker.getKey()).isEqualTo(total);
      assertThat(local).as("worker %d's in-memory count", worker.getKey())
          .isPositive().isLessThan(total);
      sum += local;
    }
    assertThat(sum).as("the in-memory counts together").isEqualTo(total);
  }
}
