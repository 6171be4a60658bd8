package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.impl.HandoffFixture.Response;
import io.clusterkit.verticles.impl.HandoffFixture.Worker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket hand-off from a launcher-side router to workers, both in this JVM over real sockets on
 * 127.0.0.1 and Unix domain sockets: the worker serves the client's own socket.
 */
@Timeout(120)
class HandoffTest {

  @TempDir
  Path dir;
  HandoffFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new HandoffFixture(dir, transport());
    fixture.startRouter();
  }

  /** @return the workers' transport: epoll here, io_uring in the subclass */
  WorkerTransport transport() {
    return WorkerTransport.EPOLL;
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void connectionsOpenAtOnceAreEachAnsweredOnTheirOwnSocket() throws Exception {
    fixture.startWorker(0, 1);
    fixture.startWorker(1, 1);
    for (int round = 0; round < 5; round++) {
      List<Socket> clients = fixture.openWithRequests(8);
      for (Socket client : clients) {
        try (client) {
          Response response = HandoffFixture.read(client.getInputStream());
          assertThat(response.status()).isEqualTo(200);
          assertThat(response.json().getInteger("remotePort")).as("the client's own port")
              .isEqualTo(client.getLocalPort());
        }
      }
    }
  }

  @Test
  void receiverIsQuietOnlyOnceItStoppedTakingAndEveryHandedSocketClosed() throws Exception {
    Worker worker = fixture.startWorker(0, 1);
    try (Socket client = fixture.connect("127.0.0.1")) {
      client.getOutputStream().write(HandoffFixture.get("/", false)
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(HandoffFixture.read(client.getInputStream()).status()).isEqualTo(200);
      assertThat(worker.intake.quiet().isComplete()).as("quiet while still taking").isFalse();
      worker.intake.stopTaking();
      assertThat(worker.intake.quiet().isComplete())
          .as("quiet while a handed-off connection is open").isFalse();
    }
    HandoffFixture.await(worker.intake.quiet());
  }

  @Test
  void workerSeesTheClientsOwnAddressAndPortAndThePublicPort() throws Exception {
    fixture.startWorker(0, 1);
    for (String client : new String[] {"127.0.0.7", "127.0.0.23"}) {
      try (Socket socket = fixture.connect(client)) {
        socket.getOutputStream().write(HandoffFixture.get("/", true)
            .getBytes(StandardCharsets.US_ASCII));
        Response response = HandoffFixture.read(socket.getInputStream());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("remoteHost")).as("client address seen")
            .isEqualTo(client);
        assertThat(response.json().getInteger("remotePort")).as("client port seen")
            .isEqualTo(socket.getLocalPort());
        assertThat(response.json().getInteger("localPort")).as("public port seen")
            .isEqualTo(fixture.port);
      }
    }
  }

  @Test
  void keepAliveAndPipelinedRequestsAreServedOnOneConnection() throws Exception {
    fixture.startWorker(0, 1);
    try (Socket socket = fixture.connect("127.0.0.1")) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write((HandoffFixture.get("/a", false) + HandoffFixture.get("/b", false)
          + HandoffFixture.get("/c", false)).getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 3; i++) {
        assertThat(HandoffFixture.read(in).status()).as("pipelined response %d", i)
            .isEqualTo(200);
      }
      out.write(HandoffFixture.get("/d", false).getBytes(StandardCharsets.US_ASCII));
      Response later = HandoffFixture.read(in);
      assertThat(later.status()).isEqualTo(200);
      assertThat(later.json().getInteger("remotePort")).isEqualTo(socket.getLocalPort());
    }
  }

  @Test
  void socketsAreSpreadOverEveryServerOfAWorker() throws Exception {
    fixture.startWorker(0, 2);
    Set<Integer> servers = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      servers.add(fixture.request("127.0.0.1").json().getInteger("server"));
    }
    assertThat(servers).as("server instances that served").containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void floodOfConnectAndResetDoesNotBreakHandoff() throws Exception {
    fixture.startWorker(0, 1);
    fixture.startWorker(1, 1);
    for (int i = 0; i < 10_000; i++) {
      try (Socket socket = fixture.connect("127.0.0.1")) {
        socket.setSoLinger(true, 0);
      }
    }
    for (int i = 0; i < 200; i++) {
      assertThat(fixture.request("127.0.0.1").status()).as("request %d after the flood", i)
          .isEqualTo(200);
    }
    HandoffFixture.awaitUntil(Duration.ofSeconds(20), fixture.router::activeConnections,
        n -> n == 0, "the router to hold no socket");
  }

  @Test
  void noDescriptorLeakAfterThousandsOfConnections() throws Exception {
    fixture.startWorker(0, 1);
    for (int i = 0; i < 200; i++) {
      fixture.request("127.0.0.1");
    }
    long before = openDescriptors();
    for (int i = 0; i < 3_000; i++) {
      assertThat(fixture.request("127.0.0.1").status()).isEqualTo(200);
    }
    HandoffFixture.awaitUntil(Duration.ofSeconds(20), HandoffTest::openDescriptors,
        n -> n <= before + 5, "open descriptors back to " + before);
    // closes are reported in batches, a few milliseconds late
    HandoffFixture.awaitUntil(Duration.ofSeconds(10), fixture.router::activeConnections,
        n -> n == 0, "the router to count no open connection");
  }

  @Test
  void socketsQueuedForAWorkerThatDisappearsGoToTheNextWorker() throws Exception {
    Worker doomed = fixture.startWorker(0, 1);
    fixture.startWorker(1, 1);
    Set<Integer> warmed = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      warmed.add(fixture.request("127.0.0.1").json().getInteger("worker"));
    }
    assertThat(warmed).as("both hand-off links are up").containsExactlyInAnyOrder(0, 1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      // the doomed worker's event loop is stuck: sockets routed to it wait in its hand-off socket
      CountDownLatch stuck = new CountDownLatch(1);
      doomed.intake.receiverLoop().execute(() -> {
        stuck.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(stuck.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      List<Socket> clients = fixture.openWithRequests(6);
      HandoffFixture.awaitUntil(Duration.ofSeconds(10), fixture.router::activeConnections,
          n -> n == 3, "3 sockets sent to the stuck worker and held unreported");
      doomed.intake.abort();
      Set<Integer> servedBy = new HashSet<>();
      for (Socket client : clients) {
        Response response = HandoffFixture.read(client.getInputStream());
        assertThat(response.status()).isEqualTo(200);
        servedBy.add(response.json().getInteger("worker"));
        client.close();
      }
      assertThat(servedBy).as("workers that served the queued clients").containsExactly(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void noReadyWorkerWaitsThenAnswers503WithoutReset() throws Exception {
    long started = System.nanoTime();
    try (Socket socket = fixture.connect("127.0.0.1")) {
      socket.getOutputStream().write(HandoffFixture.get("/", false)
          .getBytes(StandardCharsets.US_ASCII));
      Response response = HandoffFixture.read(socket.getInputStream());
      long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.head().toLowerCase()).contains("connection: close")
          .contains("retry-after:");
      assertThat(waited).as("waited for the queue timeout").isGreaterThanOrEqualTo(
          HandoffFixture.QUEUE_TIMEOUT.toMillis() - 50);
      assertThat(socket.getInputStream().read()).as("then a clean end of stream").isEqualTo(-1);
    }
  }

  @Test
  void waitingConnectionIsHandedOffWhenAWorkerBecomesRoutable() throws Exception {
    try (Socket socket = fixture.connect("127.0.0.1")) {
      socket.getOutputStream().write(HandoffFixture.get("/", true)
          .getBytes(StandardCharsets.US_ASCII));
      fixture.startWorker(3, 1);
      assertThat(HandoffFixture.read(socket.getInputStream()).json().getInteger("worker"))
          .isEqualTo(3);
    }
  }

  @Test
  void unroutedWorkerGetsEndOfStreamAndNoMoreSockets() throws Exception {
    Worker first = fixture.startWorker(0, 1);
    fixture.startWorker(1, 1);
    fixture.request("127.0.0.1");
    fixture.table.unroute(0, 1);
    fixture.router.unrouted(0, 1);
    HandoffFixture.awaitUntil(Duration.ofSeconds(10), () -> first.intake.target() != null,
        taking -> !taking, "the unrouted worker to stop taking sockets");
    for (int i = 0; i < 10; i++) {
      assertThat(fixture.request("127.0.0.1").json().getInteger("worker")).isEqualTo(1);
    }
  }

  @Test
  void socketForAWorkerThatBeganDrainingGoesToTheNextWorker() throws Exception {
    Worker draining = fixture.startWorker(0, 1);
    fixture.startWorker(1, 1);
    Set<Integer> warmed = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      warmed.add(fixture.request("127.0.0.1").json().getInteger("worker"));
    }
    assertThat(warmed).containsExactlyInAnyOrder(0, 1);
    draining.servers.get(0).drain(Duration.ofSeconds(5));
    for (int i = 0; i < 6; i++) {
      assertThat(fixture.request("127.0.0.1").json().getInteger("worker"))
          .as("request %d after slot 0 began draining", i).isEqualTo(1);
    }
  }

  @Test
  void privateListenerOfAWorkerServesNoDirectConnection() throws Exception {
    Worker worker = fixture.startWorker(0, 1);
    int privatePort = worker.servers.get(0).httpServer().actualPort();
    try (Socket direct = new Socket()) {
      direct.connect(new java.net.InetSocketAddress("127.0.0.1", privatePort), 2_000);
      direct.setSoTimeout(300);
      direct.getOutputStream().write(HandoffFixture.get("/", true)
          .getBytes(StandardCharsets.US_ASCII));
      int first;
      try {
        first = direct.getInputStream().read();
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        first = -1;
      }
      assertThat(first).as("a direct connection to the private port gets no answer")
          .isEqualTo(-1);
    }
    assertThat(fixture.request("127.0.0.1").status()).as("handed-off sockets still served")
        .isEqualTo(200);
  }

  static long openDescriptors() {
    try (var list = Files.list(Path.of("/proc/self/fd"))) {
      return list.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
