package io.clusterkit.verticles.impl;

import io.clusterkit.sticky.Balancer;
import io.clusterkit.sticky.RoundRobinBalancer;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.sticky.handoff.launcher.HandoffRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Both halves of socket hand-off in one JVM: a launcher-side {@link HandoffRouter} on its own
 * Vert.x, and workers, each a Vert.x built on a {@link RecordingTransport} with a
 * {@link DrainableServer} claimed by a {@link HandoffIntake}; plus a blocking HTTP/1.1 client.
 * Workers answer JSON: worker id, remote host and port, local port.
 */
final class HandoffFixture implements AutoCloseable {

  static final Duration QUEUE_TIMEOUT = Duration.ofMillis(700);

  final Vertx launcher = Vertx.builder()
      .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1)).build();
  final RoutingTable table = new RoutingTable();
  final Path dir;
  final List<Worker> workers = new ArrayList<>();
  /** Whether clients send PROXY headers, which the launcher reads and workers parse. */
  boolean proxyProtocol;
  HandoffRouter router;
  int port;

  /** The transport of the workers' event loops. */
  final WorkerTransport transport;

  /** @return io_uring, for tests of io_uring workers; skips the test where it is unavailable */
  static WorkerTransport ioUring() {
    String unavailable = WorkerTransport.ioUringUnavailability();
    org.junit.jupiter.api.Assumptions.assumeTrue(unavailable == null,
        () -> "io_uring is unavailable here: " + unavailable);
    return WorkerTransport.IO_URING;
  }

  HandoffFixture(Path dir, WorkerTransport transport) {
    this.dir = dir;
    this.transport = transport;
  }

  /** One worker process stand-in. */
  static final class Worker {
    final int slot;
    final Vertx vertx;
    final HandoffIntake intake;
    final List<DrainableServer> servers = new ArrayList<>();
    final Path socket;

    Worker(int slot, Path socket, boolean proxyProtocol, WorkerTransport served) {
      this.slot = slot;
      this.socket = socket;
      RecordingTransport transport = new RecordingTransport(served);
      this.vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(2))
          .withTransport(transport).build();
      this.intake = new HandoffIntake("slot " + slot, transport, proxyProtocol);
    }
  }

  int startRouter() throws Exception {
    return startRouter(new RoundRobinBalancer());
  }

  int startRouter(Balancer balancer) throws Exception {
    router = new HandoffRouter(launcher, new RouterOptions().setHost("127.0.0.1").setPort(0)
        .setQueueTimeout(QUEUE_TIMEOUT).setAcceptProxyProtocol(proxyProtocol), balancer, table);
    port = await(router.listen());
    return port;
  }

  /** Starts a worker with servers HTTP servers, listening for hand-off, and routes its slot. */
  Worker startWorker(int slot, int servers) throws Exception {
    Worker worker = new Worker(slot, dir.resolve("w" + slot + ".sock"), proxyProtocol,
        transport);
    workers.add(worker);
    for (int i = 0; i < servers; i++) {
      int server = i;
      DrainableServer drainable = await(DrainableServer.listen(worker.vertx,
          new HttpServerOptions().setAcceptBacklog(1).setUseProxyProtocol(proxyProtocol),
          request -> request.response()
              .putHeader("content-type", "application/json")
              .end(new JsonObject()
                  .put("worker", slot)
                  .put("server", server)
                  .put("remoteHost", request.remoteAddress().host())
                  .put("remotePort", request.remoteAddress().port())
                  .put("localPort", request.localAddress().port())
                  .encode()),
          SocketAddress.inetSocketAddress(0, "127.0.0.1")));
      await(worker.intake.claim(drainable));
      worker.servers.add(drainable);
    }
    await(worker.intake.listen(worker.vertx, worker.socket));
    table.route(slot, 1, SocketAddress.domainSocketAddress(worker.socket.toString()));
    return worker;
  }

  @Override
  public void close() throws Exception {
    if (router != null) {
      await(router.stopAccepting());
    }
    for (Worker worker : workers) {
      await(worker.vertx.close());
    }
    await(launcher.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Polls probe until accept holds; fails with the last value seen. */
  static <T> T awaitUntil(Duration timeout, Supplier<T> probe, Predicate<T> accept, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!accept.test(last)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
      }
      Thread.onSpinWait();
      Thread.sleep(5);
      last = probe.get();
    }
    return last;
  }

  /** Opens a client socket from the given loopback address. */
  Socket connect(String from) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static String get(String path, boolean close) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + (close ? "Connection: close\r\n" : "")
        + "\r\n";
  }

  /** A parsed response. */
  record Response(int status, String head, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Reads one response with a Content-Length. */
  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of head: "
            + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1
          || matched == 3)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    int status = Integer.parseInt(text.substring(9, 12));
    return new Response(status, text, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * One GET on a fresh connection with Connection: close. The client resets the connection once
   * it has the response, so thousands of requests leave no TIME_WAIT behind on this machine
   * (tests that run later in this JVM expect a just-closed port to refuse connections).
   */
  /**
   * Opens connections from 127.0.0.1 at once, each with a {@code GET /} (Connection: close)
   * written and not yet answered.
   */
  List<Socket> openWithRequests(int count) throws IOException {
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket client = connect("127.0.0.1");
      clients.add(client);
      client.getOutputStream().write(get("/", true).getBytes(StandardCharsets.US_ASCII));
    }
    return clients;
  }

  Response request(String from) throws IOException {
    try (Socket socket = connect(from)) {
      socket.getOutputStream().write(get("/", true).getBytes(StandardCharsets.US_ASCII));
      Response response = read(socket.getInputStream());
      socket.setSoLinger(true, 0);
      return response;
    }
  }
}
