package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.AbuseVerticle;
import io.clusterkit.examples.it.support.Bystander;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.ProcessGauge;
import io.clusterkit.examples.it.support.RawClients;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.ProxyHeaders;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
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
 * serves normally afterwards. Short limits keep it brief: heads 2 s, silence 3 s, bodies 4 s,
 * each still longer than the interval at which the abusive clients drip bytes, so that every
 * limit is seen holding against a client that keeps sending.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseIT {

  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
  /** How often the slow heads and the endless bodies send a few more bytes. */
  private static final Duration DRIP = Duration.ofMillis(500);
  /** The slowest answer a bystander may get while a case runs. */
  private static final Duration BOUNDED_LATENCY = Duration.ofSeconds(3);
  /** Descriptors or threads above the baseline still counted as back to it. */
  private static final int SLACK = 8;

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      .classpath(Clusters.TEST_CLASSES).verticle(AbuseVerticle.class)
      .option("-header-timeout", HEAD_TIMEOUT.toMillis() + "ms")
      .option("-keepalive-timeout", KEEPALIVE_TIMEOUT.toMillis() + "ms")
      .option("-request-timeout", REQUEST_TIMEOUT.toMillis() + "ms").option("-grace", "2")
      .extension();
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

      slow.driveUntilAllClosed(Duration.ofSeconds(30), DRIP, "X-Drip: 1\r\n");
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

  @Test
  @Order(2)
  void connectionsThatNeverSendAreClosedAtTheKeepAliveTimeout() throws Exception {
    List<ProcessGauge.Usage> baseline = usage();
    try (Bystander others = new Bystander(port, Duration.ofSeconds(60));
        RawClients silent = new RawClients(port, 500)) {

      silent.driveUntilAllClosed(Duration.ofSeconds(30), Duration.ofSeconds(1), null);
      others.close();

      assertThat(silent.closedCount()).isEqualTo(500);
      for (RawClients.Client client : silent.clients()) {
        assertThat(client.read()).as("a silent close").isEmpty();
        assertThat(client.closedAfter()).isBetween(KEEPALIVE_TIMEOUT.minusMillis(100),
            KEEPALIVE_TIMEOUT.plusSeconds(5));
      }
      assertBystanderServed(others);
    }
    assertBackToBaseline(baseline);
    assertServesNormally();
  }

  @Test
  @Order(3)
  void clientReadingOneByteASecondIsServedUntilItsAnswerStallsThenClosed() throws Exception {
    List<ProcessGauge.Usage> baseline = usage();
    try (Bystander others = new Bystander(port, Duration.ofSeconds(60));
        Socket slow = new Socket()) {
      slow.setReceiveBufferSize(1024);
      slow.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      slow.setSoTimeout(10_000);
      slow.getOutputStream().write("GET /big HTTP/1.1\r\nHost: abuse\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = slow.getInputStream();
      StringBuilder head = new StringBuilder();
      long start = System.nanoTime();
      for (int i = 0; i < 8; i++) {
        head.append((char) in.read());
        LockSupport.parkNanos(1_000_000_000L); // the abuse itself: one byte a second
      }
      assertThat(head.toString()).isEqualTo("HTTP/1.1");
      // what the kernel's buffers held still arrives; then the end: the worker closed the
      // connection once nothing more could be written for the keep-alive timeout
      long rest = in.transferTo(OutputStream.nullOutputStream());
      assertThat(rest).isPositive().isLessThanOrEqualTo((1 << 20) + 200);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofSeconds(8).plus(KEEPALIVE_TIMEOUT).plusSeconds(10));
      others.close();
      assertBystanderServed(others);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the rest of the answer never came", e);
    }
    assertBackToBaseline(baseline);
    assertServesNormally();
  }

  @Test
  @Order(4)
  void bodyThatNeverEndsIsClosedAtTheRequestTimeout() throws Exception {
    List<ProcessGauge.Usage> baseline = usage();
    try (Bystander others = new Bystander(port, Duration.ofSeconds(60));
        RawClients uploads = new RawClients(port, 50)) {
      uploads.sendAll("POST /upload HTTP/1.1\r\nHost: abuse\r\nContent-Length: 1000000\r\n\r\n");

      uploads.driveUntilAllClosed(Duration.ofSeconds(30), DRIP, "x");
      others.close();

      assertThat(uploads.closedCount()).isEqualTo(50);
      for (RawClients.Client client : uploads.clients()) {
        assertThat(client.read()).as("no answer to a request never complete").isEmpty();
        assertThat(client.closedAfter()).isBetween(REQUEST_TIMEOUT.minusMillis(100),
            REQUEST_TIMEOUT.plusSeconds(5));
      }
      assertBystanderServed(others);
    }
    assertBackToBaseline(baseline);
    assertServesNormally();
  }

  @Test
  @Order(5)
  void pipelinedRequestsAreAllAnsweredInOrder() throws Exception {
    List<ProcessGauge.Usage> baseline = usage();
    int count = 5_000;
    try (Bystander others = new Bystander(port, Duration.ofSeconds(60));
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      byte[] one = "GET / HTTP/1.1\r\nHost: abuse\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          for (int i = 0; i < count; i++) {
            out.write(one);
          }
          out.flush();
        } catch (IOException e) {
          // the reader's count says what arrived
        }
      }, "pipeliner");
      writer.start();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[65536];
      String marker = "HTTP/1.1 200 OK";
      int answers = 0;
      String tail = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (answers < count && System.nanoTime() < deadline) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        String text = tail + new String(buffer, 0, n, StandardCharsets.US_ASCII);
        int from = 0;
        int at;
        while ((at = text.indexOf(marker, from)) >= 0) {
          answers++;
          from = at + marker.length();
        }
        tail = text.substring(Math.max(from, text.length() - marker.length()));
      }
      writer.join(10_000);
      others.close();

      assertThat(answers).as("pipelined requests answered").isEqualTo(count);
      assertBystanderServed(others);
    }
    assertBackToBaseline(baseline);
    assertServesNormally();
  }

  @Test
  @Order(6)
  void garbageOnTheAdminPortIsRefusedAndTheApiStillAnswers() throws Exception {
    List<ProcessGauge.Usage> baseline = usage();
    int adminPort = adminPort();
    Random random = new Random(19);
    for (int i = 0; i < 50; i++) {
      byte[] garbage = new byte[1 + random.nextInt(4096)];
      random.nextBytes(garbage);
      if (i % 5 == 0) {
        garbage = ("POST /scale HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{\"wo")
            .getBytes(StandardCharsets.US_ASCII);
      }
      try (Socket socket = new Socket("127.0.0.1", adminPort)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(garbage);
        socket.shutdownOutput();
        String answer = new String(socket.getInputStream().readAllBytes(),
            StandardCharsets.US_ASCII);
        assertThat(answer.isEmpty() || answer.matches("(?s)HTTP/1\\.[01] 4\\d\\d .*"))
            .as("answer to garbage %d: %s", i, answer).isTrue();
      } catch (IOException reset) {
        // closed with a reset: refused too
      }
    }
    assertThat(launcher.status().getJsonArray("workers")).hasSize(2);
    assertBackToBaseline(baseline);
    assertServesNormally();
  }

  @Test
  @Order(7)
  void workerThatExitsZeroUnaskedIsReplacedAndItsClientsServed() throws Exception {
    WorkerStatus before = launcher.worker(0);
    try (KeepAliveConnection toSlot0 = KeepAliveConnection.toSlot(port, 0);
        Bystander others = new Bystander(port, Duration.ofSeconds(90))) {
      assertThat(toSlot0.get("/exit").pid()).isEqualTo(before.pid());
      WorkerStatus after = launcher.awaitWorker(0,
          w -> w.ready() && w.pid() != before.pid(), Duration.ofSeconds(60));
      others.close();

      assertThat(after.gen()).isGreaterThan(before.gen());
      JsonObject exit = after.lastExit();
      assertThat(exit.getInteger("exitCode")).isZero();
      assertThat(exit.getBoolean("planned")).as("an exit nobody asked for").isFalse();
      // what the exiting worker held is reset, as in any crash; nothing else fails
      assertThat(others.failures()).as("bystanders while a worker exited").hasSizeLessThan(5)
          .allMatch(f -> f.contains("reset") || f.contains("closed"));
      assertThat(others.ok()).isPositive();
      assertThat(others.slowest()).isLessThan(BOUNDED_LATENCY);
    }
    assertServesNormally();
  }

  @Test
  @Order(8)
  void malformedAndTruncatedProxyHeadersCloseTheirConnectionAlone() throws Exception {
    try (TestCluster proxied = ClusterKit.cluster().workers(1).classpath(Clusters.TEST_CLASSES)
        .verticle(AbuseVerticle.class).flag("-proxy-protocol").option("-grace", "2").start()) {
      proxied.awaitReady();
      int proxiedPort = proxied.port();
      List<ProcessGauge.Usage> baseline = List.of(ProcessGauge.of(proxied.pid()),
          ProcessGauge.of(proxied.worker(0).pid()));
      Random random = new Random(1919);
      byte[] v1 = ProxyHeaders.v1("203.0.113.7", 40000, "192.0.2.1", 443);
      byte[] v2 = ProxyHeaders.v2("203.0.113.7", 40000, "192.0.2.1", 443);
      for (int i = 0; i < 200; i++) {
        byte[] valid = i % 2 == 0 ? v1 : v2;
        byte[] header = switch (i % 4) {
          case 0, 1 -> Arrays.copyOf(valid, random.nextInt(valid.length)); // truncated
          case 2 -> flipOneByte(valid, random); // malformed
          default -> randomBytes(random, 1 + random.nextInt(256));
        };
        byte[] answer = exchange(proxiedPort, header);
        String text = new String(answer, StandardCharsets.US_ASCII);
        // a flipped byte may leave a header valid (an address or port byte): then it is served;
        // a truncated v2 header may swallow the request's first bytes: then the worker answers
        // what is left of it with a 4xx
        assertThat(text.isEmpty() || text.matches("(?s)HTTP/1\\.[01] (200|4\\d\\d) .*"))
            .as("answer to fuzzed header %d: %s", i, text).isTrue();
      }
      assertThat(RawHttp.parse(exchange(proxiedPort, v1)).status()).isEqualTo(200);
      assertThat(RawHttp.parse(exchange(proxiedPort, v2)).status()).isEqualTo(200);
      Await.until(Duration.ofSeconds(30), () -> List.of(ProcessGauge.of(proxied.pid()),
          ProcessGauge.of(proxied.worker(0).pid())), now -> now.get(0).within(baseline.get(0),
          SLACK) && now.get(1).within(baseline.get(1), SLACK),
          () -> "descriptors and threads back to " + baseline);
    }
  }

  /** Sends a header and a GET on a fresh connection; the whole answer, empty when closed. */
  private static byte[] exchange(int port, byte[] header) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(header);
      request.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      try {
        socket.getOutputStream().write(request.toByteArray());
        return socket.getInputStream().readAllBytes();
      } catch (SocketException reset) {
        return new byte[0];
      }
    }
  }

  private static byte[] flipOneByte(byte[] valid, Random random) {
    byte[] copy = valid.clone();
    int at = random.nextInt(copy.length);
    copy[at] = (byte) (copy[at] ^ (1 + random.nextInt(255)));
    return copy;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static int adminPort() throws IOException {
    try (Stream<Path> files = Files.list(launcher.runDir())) {
      Path entry = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
      return new JsonObject(Files.readString(entry)).getInteger("adminPort");
    }
  }

  private static void assertBystanderServed(Bystander others) {
    assertThat(others.failures()).as("bystander failures").isEmpty();
    assertThat(others.ok()).as("bystander answers").isPositive();
    assertThat(others.slowest()).as("bystander's slowest answer").isLessThan(BOUNDED_LATENCY);
  }
}
